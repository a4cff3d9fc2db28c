package dev.gatehouse.views.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.EndpointConfig;
import dev.gatehouse.engine.config.HeaderMatch;
import dev.gatehouse.engine.config.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The property sheets' text forms of list fields read back what they write. */
class FormFieldsTest {
    @Test
    void headersRoundTrip() {
        List<HeaderMatch> headers = List.of(new HeaderMatch("x-env", "prod", null, null, false),
                new HeaderMatch("x-id", null, "[0-9]+", null, false),
                new HeaderMatch("x-debug", null, null, true, false),
                new HeaderMatch("x-test", null, null, false, true));
        assertThat(FormFields.parseHeaders(FormFields.headers(headers))).isEqualTo(headers);
        assertThatThrownBy(() -> FormFields.parseHeaders("just-a-name")).hasMessageContaining("a header condition reads");
    }

    @Test
    void endpointsRoundTrip() {
        List<EndpointConfig> endpoints = List.of(new EndpointConfig(new HostPort("127.0.0.1", 8081), null, 1),
                new EndpointConfig(null, "echo", 3));
        String text = FormFields.endpoints(endpoints);
        assertThat(text).isEqualTo("127.0.0.1:8081\nbackend:echo 3");
        assertThat(FormFields.parseEndpoints(text + "\n\n")).isEqualTo(endpoints);
        assertThatThrownBy(() -> FormFields.parseEndpoints("127.0.0.1:1 heavy")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> FormFields.parseEndpoints("127.0.0.1:1 0")).hasMessageContaining("at least 1");
    }

    @Test
    void methodsAreUpperCasedAndSplitOnCommasOrSpaces() {
        assertThat(FormFields.parseMethods("get, post PUT")).containsExactly("GET", "POST", "PUT");
        assertThat(FormFields.parseMethods(" ")).isEmpty();
    }
}
