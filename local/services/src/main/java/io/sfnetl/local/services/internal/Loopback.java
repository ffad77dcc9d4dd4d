package io.sfnetl.local.services.internal;

/** The only address the local services listen on. */
public final class Loopback {

    /** IPv4 loopback, literal: never a name that could resolve to something else. */
    public static final String HOST = "127.0.0.1";

    private Loopback() {
    }
}
