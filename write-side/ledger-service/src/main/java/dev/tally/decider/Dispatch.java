package dev.tally.decider;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A dispatch table over a sealed hierarchy, for Java releases without exhaustive pattern {@code switch}: one handler
 * per concrete (record) type, looked up by the value's class. {@link Builder#build()} refuses a table that misses a
 * permitted subtype, so a new subtype without a branch fails where the table is built (a static constant: the class
 * does not load), not with an "unsupported" answer at run time.
 *
 * @param <T> the sealed type dispatched over
 * @param <A> what each handler gets besides the value (e.g. the state an event applies to)
 * @param <R> what each handler returns
 */
public final class Dispatch<T, A, R> {

    private final Class<T> root;
    private final Map<Class<?>, BiFunction<A, Object, R>> handlers;

    private Dispatch(Class<T> root, Map<Class<?>, BiFunction<A, Object, R>> handlers) {
        this.root = root;
        this.handlers = Map.copyOf(handlers);
    }

    /** Starts a table over {@code sealedType}. */
    public static <T, A, R> Builder<T, A, R> over(Class<T> sealedType) {
        return new Builder<>(sealedType);
    }

    /** The handler's answer for {@code value}; a value of a type the table does not know is a programming error. */
    public R apply(A argument, T value) {
        BiFunction<A, Object, R> handler = handlers.get(value.getClass());
        if (handler == null) {
            throw new IllegalArgumentException("unsupported " + root.getSimpleName() + " " + value.getClass().getName());
        }
        return handler.apply(argument, value);
    }

    /** The concrete types this table handles. */
    public Set<Class<?>> handledTypes() {
        return handlers.keySet();
    }

    /**
     * The concrete (non-sealed-interface) subtypes of {@code sealedType}, following sealed sub-interfaces; empty when
     * the run time does not expose permitted subclasses (then only the tests check completeness).
     */
    public static Set<Class<?>> concreteSubtypes(Class<?> sealedType) {
        Set<Class<?>> result = new java.util.LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(sealedType);
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            Class<?>[] permitted = type.isSealed() ? type.getPermittedSubclasses() : null;
            if (permitted == null) {
                if (type != sealedType && !type.isInterface()) {
                    result.add(type);
                }
                continue;
            }
            for (Class<?> subtype : permitted) {
                pending.add(subtype);
            }
        }
        return result;
    }

    /** Collects handlers in order; each concrete type at most once. */
    public static final class Builder<T, A, R> {

        private final Class<T> root;
        private final Map<Class<?>, BiFunction<A, Object, R>> handlers = new LinkedHashMap<>();

        private Builder(Class<T> root) {
            // Not checked to be sealed: a run time that hides permitted subclasses (see concreteSubtypes) would fail.
            this.root = root;
        }

        /** Handles values of {@code type} with {@code handler}. */
        public <X extends T> Builder<T, A, R> on(Class<X> type, BiFunction<A, ? super X, R> handler) {
            if (handlers.containsKey(type)) {
                throw new IllegalArgumentException(type.getName() + " handled twice");
            }
            handlers.put(type, (argument, value) -> handler.apply(argument, type.cast(value)));
            return this;
        }

        /** The table; fails when a concrete permitted subtype of the sealed type has no handler. */
        public Dispatch<T, A, R> build() {
            Set<String> missing = new TreeSet<>();
            for (Class<?> subtype : concreteSubtypes(root)) {
                if (!handlers.containsKey(subtype)) {
                    missing.add(subtype.getName());
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("no handler in the " + root.getSimpleName() + " table for " + missing);
            }
            return new Dispatch<>(root, handlers);
        }
    }
}
