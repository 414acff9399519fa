package dev.tally.projection.runtime;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;

/**
 * The view's stable schema, which holds the runtime's bookkeeping tables ({@code db/projection/V*.sql}), the topic
 * its checkpoints are for, and the pool: what every store class of the runtime shares.
 */
@ApplicationScoped
public class Bookkeeping {

    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    private final Pool pool;
    private final String view;
    private final String topic;

    Bookkeeping(Pool pool, ProjectionConfig config) {
        this.pool = pool;
        this.view = identifier(config.view(), "tally.projection.view");
        this.topic = config.topic();
    }

    /** Schema and table names are spliced into SQL: only plain lower-case identifiers are accepted. */
    public static String identifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' must match " + IDENTIFIER.pattern());
        }
        return name;
    }

    public Pool pool() {
        return pool;
    }

    /** The view's stable schema (also the prefix of its generation schemas). */
    public String view() {
        return view;
    }

    public String topic() {
        return topic;
    }

    /** {@code <view>.<name>}: a bookkeeping table, function or served SQL view. */
    String table(String name) {
        return view + "." + name;
    }
}
