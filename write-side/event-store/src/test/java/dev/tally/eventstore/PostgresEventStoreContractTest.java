package dev.tally.eventstore;

import jakarta.inject.Inject;

import dev.tally.engines.testing.RealEngines;
import dev.tally.eventstore.contract.EventStoreContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The PostgreSQL store, injected by role as a host would, passes the conformance suite on a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class PostgresEventStoreContractTest extends EventStoreContract {

    @Inject
    StreamWriter writer;

    @Inject
    StreamReader reader;

    @Inject
    EventLog log;

    @Inject
    Snapshots snapshots;

    @Override
    protected StreamWriter writer() {
        return writer;
    }

    @Override
    protected StreamReader reader() {
        return reader;
    }

    @Override
    protected EventLog log() {
        return log;
    }

    @Override
    protected Snapshots snapshots() {
        return snapshots;
    }
}
