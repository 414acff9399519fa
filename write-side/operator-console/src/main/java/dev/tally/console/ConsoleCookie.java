package dev.tally.console;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;

/**
 * The admin's token lives in one cookie: HttpOnly (no script, so no injected script, can read it), SameSite=Strict
 * (another site cannot make the browser send it, so no forged rebuild), Secure when the console is served over TLS,
 * path {@code /console} (the APIs never receive it: they take only {@code Authorization}), and no longer than the token
 * is valid. The page source and URLs never carry the token.
 */
final class ConsoleCookie {

    static final String NAME = "tally-console";

    private ConsoleCookie() {}

    static NewCookie of(ConsoleAuth.Admin admin, boolean tls) {
        long seconds = Math.max(0, Duration.between(Instant.now(), admin.expiresAt()).toSeconds());
        return base(tls).value(admin.token()).maxAge((int) Math.min(Integer.MAX_VALUE, seconds)).build();
    }

    static NewCookie cleared(boolean tls) {
        return base(tls).value("").maxAge(0).build();
    }

    private static NewCookie.Builder base(boolean tls) {
        return new NewCookie.Builder(NAME).path("/console").httpOnly(true).secure(tls)
                .sameSite(NewCookie.SameSite.STRICT);
    }
}
