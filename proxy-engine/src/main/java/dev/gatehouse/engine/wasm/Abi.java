package dev.gatehouse.engine.wasm;

/** The proxy-wasm ABI's numbers (v0.2.1 "Types"), as the host and modules exchange them. */
final class Abi {
    private Abi() {
    }

    // proxy_status_t
    static final int OK = 0;
    static final int NOT_FOUND = 1;
    static final int BAD_ARGUMENT = 2;
    static final int SERIALIZATION_FAILURE = 3;
    static final int INVALID_MEMORY_ACCESS = 6;
    static final int EMPTY = 7;
    static final int CAS_MISMATCH = 8;
    static final int INTERNAL_FAILURE = 10;
    static final int UNIMPLEMENTED = 12;

    // proxy_action_t
    static final int CONTINUE = 0;
    static final int PAUSE = 1;

    // proxy_buffer_type_t
    static final int HTTP_REQUEST_BODY = 0;
    static final int HTTP_RESPONSE_BODY = 1;
    static final int HTTP_CALL_RESPONSE_BODY = 4;
    static final int VM_CONFIGURATION = 6;
    static final int PLUGIN_CONFIGURATION = 7;

    // proxy_map_type_t
    static final int HTTP_REQUEST_HEADERS = 0;
    static final int HTTP_REQUEST_TRAILERS = 1;
    static final int HTTP_RESPONSE_HEADERS = 2;
    static final int HTTP_RESPONSE_TRAILERS = 3;
    static final int HTTP_CALL_RESPONSE_HEADERS = 6;
    static final int HTTP_CALL_RESPONSE_TRAILERS = 7;

    // proxy_stream_type_t
    static final int STREAM_HTTP_REQUEST = 0;
    static final int STREAM_HTTP_RESPONSE = 1;

    // proxy_metric_type_t
    static final int METRIC_COUNTER = 0;
    static final int METRIC_GAUGE = 1;
    static final int METRIC_HISTOGRAM = 2;

    /** The export markers of the ABI versions this host speaks. */
    static final String MARKER_0_2_1 = "proxy_abi_version_0_2_1";
    static final String MARKER_0_2_0 = "proxy_abi_version_0_2_0";
    static final String MARKER_0_1_0 = "proxy_abi_version_0_1_0";
}
