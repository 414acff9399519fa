package dev.tally.views.audit;

import dev.tally.engines.testing.RealEngines;
import dev.tally.projection.conformance.EnginesReachableContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** This view, with its own configuration, reaches the real engines (the runtime's contract; one per module). */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class EnginesReachableTest extends EnginesReachableContract {
}
