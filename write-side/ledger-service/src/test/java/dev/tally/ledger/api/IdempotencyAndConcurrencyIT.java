package dev.tally.ledger.api;

import dev.tally.engines.testing.WithDevelopmentKey;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link IdempotencyAndConcurrencyTest} against the packaged service (jar, or native with {@code -Dnative}). */
@QuarkusIntegrationTest
@WithTestResource(value = WithDevelopmentKey.class, scope = TestResourceScope.GLOBAL)
class IdempotencyAndConcurrencyIT extends IdempotencyAndConcurrencyTest {
}
