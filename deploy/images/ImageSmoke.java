import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smoke test deploy/images/smoke runs against the four services started from their images (JDK only, run as
 * `java ImageSmoke.java ...`): open, deposit, read-your-writes in every view, an optional load, the consistency
 * auditor. Prints one PASS/FAIL line per step; the exit code is the number of failures.
 *
 * Arguments: writeUrl accountsUrl backofficeUrl auditUrl adminToken aliceToken backofficeToken auditorToken deposits
 */
public class ImageSmoke {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static int failures;

    record Answer(int status, String body) {
    }

    public static void main(String[] a) throws Exception {
        String write = a[0], accounts = a[1], backoffice = a[2], audit = a[3];
        String admin = a[4], alice = a[5], bo = a[6], auditor = a[7];
        int deposits = Integer.parseInt(a[8]);

        Answer open = post(write + "/accounts", admin, "{\"ownerId\":\"alice\",\"currency\":\"EUR\"}", null);
        String id = str(open.body, "accountId");
        check("open an account (POST /accounts as admin) -> 201 " + id, open.status == 201 && id != null, open);
        if (id == null) {
            System.exit(failures);
        }
        Answer dep = post(write + "/accounts/" + id + "/deposits", alice,
                "{\"amount\":250000,\"reference\":\"image smoke\"}", UUID.randomUUID().toString());
        long p = num(dep.body, "position");
        check("deposit 250000 as the owner (customer alice) -> position " + p, dep.status / 100 == 2 && p > 0, dep);

        Answer av = get(accounts + "/accounts/" + id + "?minPosition=" + p, alice);
        check("accounts-view GET /accounts/{id}?minPosition=" + p + " (alice) -> balance 250000",
                av.status == 200 && num(av.body, "balance") == 250000, av);
        Answer bv = get(backoffice + "/accounts/" + id + "?minPosition=" + p, bo);
        check("backoffice-view GET /accounts/{id}?minPosition=" + p + " (backoffice) -> balance 250000",
                bv.status == 200 && num(bv.body, "balance") == 250000, bv);
        Answer jv = get(audit + "/journal?after=" + (p - 2) + "&limit=1000&minPosition=" + p, auditor);
        check("audit-view GET /journal?after=" + (p - 2) + "&minPosition=" + p + " (auditor) -> both events of the account",
                jv.status == 200 && count(jv.body, "\"streamId\":\"" + id + "\"") == 2
                        && jv.body.contains("\"position\":" + p), jv);

        if (deposits > 0) {
            load(write, accounts, backoffice, audit, admin, bo, auditor, deposits);
        }

        Answer c = get(write + "/consistency", admin);
        check("consistency auditor GET /consistency (admin) -> consistent=true, accountsChecked="
                + num(c.body, "accountsChecked") + ", differenceCount=" + num(c.body, "differenceCount"),
                c.status == 200 && c.body.contains("\"consistent\":true"), c);
        System.exit(failures);
    }

    /** Opens 16 accounts, then makes `deposits` deposits from 8 clients, with a read on a view after every fourth. */
    static void load(String write, String accounts, String backoffice, String audit, String admin, String bo,
            String auditor, int deposits) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String owner = "load" + i;
            ids.add(str(post(write + "/accounts", admin, "{\"ownerId\":\"" + owner + "\",\"currency\":\"EUR\"}", null).body,
                    "accountId"));
        }
        AtomicInteger next = new AtomicInteger(), errors = new AtomicInteger(), reads = new AtomicInteger();
        AtomicLong lastPosition = new AtomicLong();
        StringBuilder firstError = new StringBuilder();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < deposits) {
                    String id = ids.get(i % ids.size());
                    try {
                        Answer d = post(write + "/accounts/" + id + "/deposits", admin,
                                "{\"amount\":" + (100 + i % 900) + ",\"reference\":\"load\"}", null);
                        if (d.status / 100 != 2) {
                            throw new IllegalStateException(d.status + " " + d.body);
                        }
                        long p = num(d.body, "position");
                        lastPosition.accumulateAndGet(p, Math::max);
                        if (i % 4 == 0) {
                            String url = switch (i / 4 % 3) {
                                case 0 -> accounts + "/accounts/" + id + "?minPosition=" + p;
                                case 1 -> backoffice + "/accounts/" + id + "?minPosition=" + p;
                                default -> audit + "/journal?after=" + (p - 1) + "&limit=10&minPosition=" + p;
                            };
                            Answer r = get(url, i / 4 % 3 == 1 ? bo : i / 4 % 3 == 2 ? auditor : admin);
                            if (r.status != 200) {
                                throw new IllegalStateException(url + " -> " + r.status + " " + r.body);
                            }
                            reads.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (errors.getAndIncrement() == 0) {
                            synchronized (firstError) {
                                firstError.append(e);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - t0) / 1e9;
        check(String.format("load: %d deposits on 16 accounts from 8 clients and %d read-your-writes reads in %.1f s"
                + " (%.0f deposits/s), %d errors%s", deposits, reads.get(), s, deposits / s, errors.get(),
                firstError.length() > 0 ? " (first: " + firstError + ")" : ""), errors.get() == 0, null);
    }

    static void check(String what, boolean ok, Answer evidence) {
        System.out.println((ok ? "PASS  " : "FAIL  ") + what);
        if (!ok) {
            failures++;
            if (evidence != null) {
                System.out.println("      got " + evidence.status + " " + evidence.body.substring(0, Math.min(600, evidence.body.length())));
            }
        }
    }

    static Answer post(String url, String token, String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b.build());
    }

    static Answer get(String url, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    static Answer send(HttpRequest r) throws Exception {
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(resp.statusCode(), resp.body());
    }

    static String str(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static long num(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
