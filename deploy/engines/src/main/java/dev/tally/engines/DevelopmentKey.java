package dev.tally.engines;

import java.util.Map;

/**
 * The settings that let a production build of a service accept tokens signed with the committed development key
 * ({@code deploy/dev-keys}, never for production): what the local run, the system tests, the fault tests and the
 * benchmarks add to a service's environment. They are run-time settings only, so a JVM jar or a native executable
 * built for {@code prod} runs them exactly as it was built: there is no separate build-time profile for the local run.
 */
public final class DevelopmentKey {

    /** The public key as the tally-platform jar carries it on the classpath (also inside a native executable). */
    public static final String PUBLIC_KEY_RESOURCE = "dev-keys/tally-dev-public.pem";
    public static final String ISSUER = "tally-dev";

    private DevelopmentKey() {
    }

    /** {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}, {@code MP_JWT_VERIFY_ISSUER} and the guard's opt-in to this key. */
    public static Map<String, String> serviceEnvironment() {
        return Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", PUBLIC_KEY_RESOURCE,
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "TALLY_SECURITY_ALLOW_DEV_KEY", "true");
    }
}
