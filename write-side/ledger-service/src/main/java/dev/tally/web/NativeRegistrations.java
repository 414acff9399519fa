package dev.tally.web;

import dev.tally.ledger.api.MoneyRequest;
import dev.tally.ledger.api.OpenAccountRequest;
import dev.tally.ledger.api.ReasonRequest;
import dev.tally.ledger.api.TransferRequest;
import dev.tally.ledger.consistency.ConsistencyReport;
import dev.tally.ledger.domain.AccountState;
import dev.tally.ledger.domain.AccountStatus;
import dev.tally.outbox.LagStats;
import dev.tally.outbox.RelayStatus;
import dev.tally.platform.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one list of types the write side hands to Jackson by reflection in a native executable.
 *
 * <p>Listed, with the reason Quarkus REST cannot find each by itself:
 * <ul>
 *   <li>{@link AccountState} (its records {@link AccountState.NotOpened}, {@link AccountState.Opened}, chosen by the
 *       {@code status} property) and {@link AccountStatus}: snapshots, written and read by a hand-made
 *       {@code ObjectMapper} in {@code AccountStreams} ({@code readValue(text, AccountState.class)});</li>
 *   <li>{@link Problem} and {@link Problem.FieldError} (tally-platform's): the entity of a {@code Response} in every exception mapper,
 *       and {@code JsonObject.mapFrom(problem)} (Vert.x's Jackson) for rejections and the body-size limit;</li>
 *   <li>the command bodies ({@link OpenAccountRequest}, {@link MoneyRequest}, {@link TransferRequest},
 *       {@link ReasonRequest}): read by REST, and also written again by the injected mapper in {@code CommandHeaders}
 *       to fingerprint an Idempotency-Key;</li>
 *   <li>{@link ConsistencyReport} (nested records with it), {@link RelayStatus}, {@link LagStats}: declared return
 *       types, listed anyway so that this list is whole.</li>
 * </ul>
 * Nested records of a target are registered with it ({@code ignoreNested} is false).
 *
 * <p>Not listed, and why: the ledger's event records, read and written by {@code EventTypes}' own mapper, are
 * registered by the GraalVM metadata inside {@code tally-events-schema}; the views' answers read by the consistency
 * auditor are JSON trees ({@code JsonNode}) turned into {@code AccountFingerprint} records by hand ({@code ViewPage}),
 * not by data binding; stored command answers are Vert.x {@code JsonObject}s; the
 * migrations ({@code db/migration}) are included by the Flyway extension; the relay's producer gets
 * {@code ByteArraySerializer} instances, not class names. {@code NativeRegistrationsTest} keeps this list whole.
 */
@RegisterForReflection(targets = {
        AccountState.class,
        AccountState.NotOpened.class,
        AccountState.Opened.class,
        AccountStatus.class,
        Problem.class,
        Problem.FieldError.class,
        OpenAccountRequest.class,
        MoneyRequest.class,
        TransferRequest.class,
        ReasonRequest.class,
        ConsistencyReport.class,
        ConsistencyReport.ViewReport.class,
        ConsistencyReport.Difference.class,
        ConsistencyReport.Conservation.class,
        ConsistencyReport.CurrencyCheck.class,
        ConsistencyReport.CurrencyDifference.class,
        RelayStatus.class,
        LagStats.class,
})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
