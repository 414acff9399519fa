package dev.tally.projection;

import dev.tally.platform.problem.Problem;
import dev.tally.projection.fingerprint.FingerprintPage;
import dev.tally.projection.runtime.ProjectionStatus;
import dev.tally.projection.web.ProjectionReport;
import dev.tally.projection.web.ProjectionResource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one list of types the projection runtime hands to Jackson by reflection in a native executable, for every read
 * service that links it (this jar carries a {@code beans.xml}, so the services' Jandex index sees this annotation).
 *
 * <p>Listed: what is serialised outside a REST method's declared return type, so that Quarkus REST cannot find it by
 * itself: {@link Problem} (tally-platform's) and its {@link Problem.FieldError}, written as the entity of a
 * {@code Response} by every exception mapper;
 * {@link ProjectionResource.RebuildStarted}, the entity of {@code 202 Accepted}; and {@link ProjectionReport} with its
 * nested records, its {@link ProjectionStatus} and {@link FingerprintPage} (declared return types, listed anyway so
 * the list is whole; the rows of a fingerprint page are the view's type, registered by the view or its jar). Nested
 * records of a target are registered with it ({@code ignoreNested} is false).
 *
 * <p>Not listed, and why: the ledger's event records are read by {@code EventTypes}' own mapper and registered by the
 * GraalVM metadata inside {@code tally-events-schema} ({@code META-INF/native-image/dev.tally/tally-events-schema/});
 * the bookkeeping migrations ({@code db/projection}) are found and included by the Flyway extension at build time
 * from {@code quarkus.flyway.locations}; the Kafka clients get {@code ByteArray(De)Serializer} instances, not class
 * names, and the Kafka extension registers the client's own defaults (assignors, partitioner, serializers).
 *
 * <p>{@code NativeRegistrationsTest} fails when a type of this module carries its own {@code @RegisterForReflection}
 * without being listed here, when a listed record has a component of a Tally type that is not listed, or when an event
 * type of the registry is missing from the library's metadata.
 */
@RegisterForReflection(targets = {
        Problem.class,
        Problem.FieldError.class,
        ProjectionResource.RebuildStarted.class,
        ProjectionReport.class,
        ProjectionReport.PartitionReport.class,
        ProjectionReport.GapReport.class,
        ProjectionReport.BatchReport.class,
        ProjectionReport.RebuildReport.class,
        ProjectionStatus.class,
        FingerprintPage.class,
})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
