package dev.gatehouse.engine.route;

import static dev.gatehouse.engine.route.RouteFixtures.compiled;
import static dev.gatehouse.engine.route.RouteFixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.RouteAction;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DirectResponseActionTest {

    private static DirectResponseAction direct(int status, String body, String contentType) {
        return (DirectResponseAction) compiled(prefix("/"), new RouteAction.DirectResponse(status, body, contentType), null)
                .action();
    }

    @Test
    void bodyIsUtf8AndTypedPlainTextByDefault() {
        DirectResponseAction action = direct(503, "maintenance – back soon", null);

        ByteBuf content = action.content();

        assertThat(action.status()).isEqualTo(503);
        assertThat(action.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(content.toString(StandardCharsets.UTF_8)).isEqualTo("maintenance – back soon");
    }

    @Test
    void everyResponseGetsItsOwnReadableViewThatNeedsNoRelease() {
        DirectResponseAction action = direct(200, "ok", "application/json");

        ByteBuf first = action.content();
        first.skipBytes(2);
        first.release();

        assertThat(action.content().readableBytes()).isEqualTo(2);
        assertThat(action.contentType()).isEqualTo("application/json");
    }

    @Test
    void statusOutsideTheAnswerableRangeIsRefused() {
        assertThatThrownBy(() -> direct(99, "", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> direct(600, "", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
