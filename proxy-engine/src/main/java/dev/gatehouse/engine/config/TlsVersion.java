package dev.gatehouse.engine.config;

import java.util.List;

/** A TLS version a listener may require as its minimum; older versions are never offered. */
public enum TlsVersion {
    TLS_1_2("TLSv1.2"),
    TLS_1_3("TLSv1.3");

    private final String configName;

    TlsVersion(String configName) {
        this.configName = configName;
    }

    /** {@code TLSv1.2} or {@code TLSv1.3}: as config writes it, and as the JDK names the protocol. */
    public String configName() {
        return configName;
    }

    /** The JDK protocol names of this version and every newer one, newest first. */
    public List<String> andNewer() {
        return this == TLS_1_3 ? List.of(TLS_1_3.configName) : List.of(TLS_1_3.configName, TLS_1_2.configName);
    }
}
