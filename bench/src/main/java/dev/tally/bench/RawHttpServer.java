package dev.tally.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP part of the engines' floor ({@link EngineFloor}): a bare Vert.x HTTP server in a process of its own, with
 * the event loops a Quarkus service gets (two per core). A POST's JSON body is parsed and answered with a command's
 * answer; any GET is answered with an account-sized JSON document. No routing, security, CDI or database: what an
 * HTTP/1.1 JSON request costs on this machine before any framework. Usage: {@code RawHttpServer <port>}.
 */
public final class RawHttpServer {

    private RawHttpServer() {
    }

    public static void main(String[] args) {
        exitWithTheParent();
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        AtomicLong positions = new AtomicLong();
        Buffer account = new JsonObject().put("accountId", "3f1c2a9e-8d7b-4c1e-9a55-2b7e6f0d4c13")
                .put("ownerId", "live-owner-17").put("currency", "EUR").put("balance", 1_250_000)
                .put("overdraftLimit", 0).put("status", "OPEN").put("version", 42)
                .put("updatedAt", "2026-12-07T10:00:00.123456Z").toBuffer();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(request -> {
                    HttpServerResponse response = request.response().putHeader("Content-Type", "application/json");
                    if (request.method() == HttpMethod.POST) {
                        request.body().onSuccess(body -> {
                            JsonObject command = body.toJsonObject();
                            long position = positions.incrementAndGet();
                            response.end(new JsonObject().put("accountId", command.getString("accountId"))
                                    .put("version", position).put("position", position).toBuffer());
                        }).onFailure(e -> response.setStatusCode(400).end());
                    } else {
                        response.end(account);
                    }
                })
                .listen()
                .onSuccess(server -> System.out.println("raw HTTP server listening on " + server.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    /** The benchmark holds this process's stdin open: end of input means it is gone, even if it was killed. */
    private static void exitWithTheParent() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent
                }
            } catch (java.io.IOException e) {
                // the same: the parent is gone
            }
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
