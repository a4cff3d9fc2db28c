package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class Http1LimitsTest {
    @Test
    void decoderConfigCarriesTheLimitsAndStrictness() {
        var config = new Http1Limits(100, 2000, 7).decoderConfig();

        assertThat(config.getMaxInitialLineLength()).isEqualTo(100);
        assertThat(config.getMaxHeaderSize()).isEqualTo(2000);
        assertThat(config.isStrictLineParsing()).isTrue();
        assertThat(config.isUseRfc9112TransferEncoding()).isTrue();
        assertThat(config.isAllowDuplicateContentLengths()).isTrue();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(Http1Limits.DEFAULTS).isEqualTo(new Http1Limits(8192, 65536, 100));
    }

    @Test
    void refusesNonPositiveLimits() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Http1Limits(0, 1, 1))
                .withMessageContaining("maxRequestLineBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> new Http1Limits(1, -1, 1))
                .withMessageContaining("maxHeaderBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> new Http1Limits(1, 1, 0))
                .withMessageContaining("maxHeaders");
    }
}
