package dev.tally.decider;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatchTest {

    sealed interface Shape permits Circle, Square, Polygon {
    }

    record Circle(int radius) implements Shape {
    }

    record Square(int side) implements Shape {
    }

    sealed interface Polygon extends Shape permits Triangle {
    }

    record Triangle(int base) implements Polygon {
    }

    @Test
    void dispatchesByTheValuesType() {
        Dispatch<Shape, Integer, String> table = Dispatch.<Shape, Integer, String>over(Shape.class)
                .on(Circle.class, (scale, c) -> "circle " + c.radius() * scale)
                .on(Square.class, (scale, s) -> "square " + s.side() * scale)
                .on(Triangle.class, (scale, t) -> "triangle " + t.base() * scale)
                .build();
        assertEquals("circle 6", table.apply(2, new Circle(3)));
        assertEquals("square 8", table.apply(2, new Square(4)));
        assertEquals("triangle 10", table.apply(2, new Triangle(5)));
    }

    @Test
    void aTableMissingASubtypeDoesNotBuild() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Dispatch.<Shape, Integer, String>over(Shape.class)
                        .on(Circle.class, (scale, c) -> "circle")
                        .on(Square.class, (scale, s) -> "square")
                        .build());
        assertTrue(missing.getMessage().contains(Triangle.class.getName()), missing.getMessage());
    }

    @Test
    void aSubtypeIsHandledOnce() {
        assertThrows(IllegalArgumentException.class, () -> Dispatch.<Shape, Integer, String>over(Shape.class)
                .on(Circle.class, (scale, c) -> "a")
                .on(Circle.class, (scale, c) -> "b"));
    }

    @Test
    void concreteSubtypesFollowSealedSubInterfaces() {
        assertEquals(Set.of(Circle.class, Square.class, Triangle.class), Dispatch.concreteSubtypes(Shape.class));
    }

    /** A counter as a decider: the smallest thing the contract's default fold can be checked on. */
    private static final Decider<Integer, Integer, Integer> COUNTER = new Decider<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public List<Integer> decide(Integer add, Integer total) {
            if (add < 0) {
                throw new IllegalArgumentException("only additions");
            }
            return List.of(add);
        }

        @Override
        public Integer evolve(Integer total, Integer added) {
            return total + added;
        }
    };

    @Test
    void foldStartsFromTheInitialStateOrFromAGivenOne() {
        assertEquals(6, COUNTER.fold(List.of(1, 2, 3)));
        assertEquals(16, COUNTER.fold(10, List.of(1, 2, 3)));
        assertEquals(0, COUNTER.fold(List.of()));
    }

    @Test
    void givenWhenThenWorksOnAnyDecider() {
        assertEquals(8, DeciderScenario.given(COUNTER, List.of(3, 4)).when(1).then(List.of(1)));
        DeciderScenario.given(COUNTER, List.of(3)).when(-1).thenRejected(IllegalArgumentException.class, "refused");
    }
}
