package dev.tally.system;

import static dev.tally.system.Http.to;

import java.util.ArrayList;
import java.util.List;

/**
 * What the three views answer about a set of accounts, as text, to compare a view with itself before and after a
 * rebuild or a redelivery: statements, balances and versions per account, the totals, and the audit journal.
 */
final class ViewSnapshot {

    private ViewSnapshot() {}

    static List<String> take(TallySystem system, List<String> accounts, long minPosition) {
        List<String> lines = new ArrayList<>();
        for (String id : accounts) {
            lines.add(to(system.accounts).get("/accounts/" + id + "?minPosition=" + minPosition).then().statusCode(200)
                    .extract().jsonPath().getMap("").toString().replaceAll("updatedAt=[^,}]*", ""));
            lines.add(to(system.accounts).get("/accounts/" + id + "/statement?size=200").then().statusCode(200)
                    .extract().asString());
            lines.add(to(system.backoffice).get("/accounts/" + id).then().statusCode(200)
                    .extract().jsonPath().getMap("").toString().replaceAll("(updatedAt|openedAt)=[^,}]*", ""));
            lines.add(to(system.audit).get("/accounts/" + id + "/balance?asOf=2100-01-01T00:00:00Z").then()
                    .statusCode(200).extract().asString());
        }
        lines.add(to(system.backoffice).get("/totals").then().statusCode(200).extract().asString());
        lines.add(to(system.backoffice).get("/volumes/daily").then().statusCode(200).extract().asString());
        lines.add(to(system.audit).get("/journal?after=0&limit=1000").then().statusCode(200).extract().asString());
        lines.add(to(system.audit).get("/flags?size=200").then().statusCode(200).extract().asString());
        return lines;
    }
}
