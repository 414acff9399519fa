package dev.tally.ledger.api;

import dev.tally.engines.testing.WithDevelopmentKey;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link AccountCommandsTest} against the packaged service: the jar in {@code ./mvnw verify}, the native executable
 * with {@code -Dnative}. Every command, rule and problem answer, through HTTP, with the prod profile it was built for.
 */
@QuarkusIntegrationTest
@WithTestResource(value = WithDevelopmentKey.class, scope = TestResourceScope.GLOBAL)
class AccountCommandsIT extends AccountCommandsTest {
}
