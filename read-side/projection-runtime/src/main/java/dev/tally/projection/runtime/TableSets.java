package dev.tally.projection.runtime;

import dev.tally.projection.Projection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The DDL side of generations, inside a caller's transaction: a generation's schema with its tables and its
 * {@code stream_versions}, and the served SQL views {@code <view>.<table>} pointing at one generation.
 */
@ApplicationScoped
public class TableSets {

    private final Bookkeeping bookkeeping;

    TableSets(Bookkeeping bookkeeping) {
        this.bookkeeping = bookkeeping;
    }

    /** Registers generation {@code g} with {@code status} and creates its empty table set. */
    Uni<Void> create(SqlConnection tx, Generation g, GenerationStatus status, Projection<?> projection) {
        List<String> ddl = new ArrayList<>();
        ddl.add("SET LOCAL client_min_messages = warning"); // no NOTICE for the usual absence of leftovers
        ddl.add("DROP SCHEMA IF EXISTS " + g.schema() + " CASCADE"); // leftovers, e.g. after the bookkeeping was reset
        ddl.add("CREATE SCHEMA " + g.schema());
        ddl.add("CREATE TABLE " + g.schema() + ".stream_versions (stream_id text PRIMARY KEY, version bigint NOT NULL)");
        ddl.addAll(projection.createTableSet(g.schema()));
        Uni<Void> chain = tx.preparedQuery("INSERT INTO " + bookkeeping.table("generations")
                        + " (n, schema_name, status) VALUES ($1, $2, $3)")
                .execute(Tuple.of(g.n(), g.schema(), status.name()))
                .chain(() -> tx.preparedQuery("INSERT INTO " + bookkeeping.table("progress") + " (generation) VALUES ($1)")
                        .execute(Tuple.of(g.n())))
                .replaceWithVoid();
        for (String statement : ddl) {
            chain = chain.chain(() -> tx.query(statement).execute()).replaceWithVoid();
        }
        return chain;
    }

    /**
     * Points every served SQL view at generation {@code g}. CREATE OR REPLACE keeps each view's identity, so queries
     * waiting on it carry on with the new definition; it cannot change a view's columns, so when the new table's
     * columns differ (the view's DDL changed) the view is dropped and created instead, still inside the caller's
     * transaction (atomic, but queries blocked on the old view at that moment fail once: rebuild for a new DDL only).
     */
    Uni<Void> pointViewsAt(SqlConnection tx, Generation g, Projection<?> projection) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        String view = bookkeeping.view();
        for (String table : projection.servedTables()) {
            Bookkeeping.identifier(table, "served table");
            String create = "VIEW " + view + "." + table + " AS SELECT * FROM " + g.schema() + "." + table;
            chain = chain.chain(() -> columns(tx, view, table)
                    .chain(served -> columns(tx, g.schema(), table).map(fresh -> served.isEmpty() || served.equals(fresh)))
                    .chain(sameColumns -> {
                        if (sameColumns) {
                            return tx.query("CREATE OR REPLACE " + create).execute().replaceWithVoid();
                        }
                        return tx.query("DROP VIEW " + view + "." + table).execute()
                                .chain(() -> tx.query("CREATE " + create).execute())
                                .replaceWithVoid();
                    }));
        }
        return chain;
    }

    private static Uni<List<String>> columns(SqlConnection tx, String schema, String table) {
        return tx.preparedQuery("SELECT column_name || ' ' || data_type FROM information_schema.columns "
                        + "WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position")
                .execute(Tuple.of(schema, table))
                .map(rows -> {
                    List<String> result = new ArrayList<>();
                    rows.forEach(r -> result.add(r.getString(0)));
                    return result;
                });
    }
}
