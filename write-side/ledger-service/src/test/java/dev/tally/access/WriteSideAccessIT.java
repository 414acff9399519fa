package dev.tally.access;

import dev.tally.engines.testing.WithDevelopmentKey;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link WriteSideAccessTest} against the packaged service (jar, or native with {@code -Dnative}): the access matrix
 * and every rejected token, with the development key given at run time only, as the local run gives it.
 */
@QuarkusIntegrationTest
@WithTestResource(value = WithDevelopmentKey.class, scope = TestResourceScope.GLOBAL)
class WriteSideAccessIT extends WriteSideAccessTest {
}
