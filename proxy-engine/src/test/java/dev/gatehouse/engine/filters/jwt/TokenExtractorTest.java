package dev.gatehouse.engine.filters.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenExtractorTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    private static TokenLookup find(TokenLocation location, HttpHeaders headers, String query) {
        return TokenExtractor.find(location, headers, query);
    }

    @Nested
    class Bearer {
        @ParameterizedTest
        @ValueSource(strings = {"Bearer ", "bearer ", "BEARER ", "Bearer    "})
        void schemeIgnoresCaseAndExtraSpaces(String scheme) {
            assertThat(find(TokenLocation.BEARER, headers("Authorization", scheme + TOKEN), null).token())
                    .isEqualTo(TOKEN);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "BearerX " + TOKEN, "Token " + TOKEN})
        void otherSchemesAndEmptyBearerHoldNoToken(String value) {
            assertThat(find(TokenLocation.BEARER, headers("authorization", value), null)).isEqualTo(TokenLookup.ABSENT);
        }

        @Test
        void absentHeader() {
            assertThat(find(TokenLocation.BEARER, headers(), "access_token=" + TOKEN)).isEqualTo(TokenLookup.ABSENT);
        }

        @Test
        void twoBearerHeadersAreAmbiguous() {
            HttpHeaders h = headers("Authorization", "Bearer " + TOKEN, "Authorization", "Bearer other");

            assertThat(find(TokenLocation.BEARER, h, null)).isEqualTo(TokenLookup.AMBIGUOUS);
        }

        @Test
        void stripRemovesOnlyTheBearerValue() {
            HttpHeaders h = headers("Authorization", "Bearer " + TOKEN, "Authorization", "Basic abc", "x-other", "1");

            String query = TokenExtractor.strip(TokenLocation.BEARER, h, "a=1");

            assertThat(query).isEqualTo("a=1");
            assertThat(h.getAll("authorization")).containsExactly("Basic abc");
            assertThat(h.get("x-other")).isEqualTo("1");
        }

        @Test
        void toStringNeverShowsTheToken() {
            assertThat(TokenLookup.found(TOKEN).toString()).doesNotContain(TOKEN);
        }
    }

    @Nested
    class OtherHeader {
        private final TokenLocation plain = new TokenLocation.Header("X-Api-Token", "");
        private final TokenLocation prefixed = new TokenLocation.Header("x-auth", "JWT ");

        @Test
        void wholeValueWithoutPrefix() {
            assertThat(find(plain, headers("x-api-token", TOKEN), null).token()).isEqualTo(TOKEN);
        }

        @Test
        void valueAfterTheConfiguredPrefix() {
            assertThat(find(prefixed, headers("X-Auth", "jwt " + TOKEN), null).token()).isEqualTo(TOKEN);
            assertThat(find(prefixed, headers("X-Auth", "Bearer " + TOKEN), null)).isEqualTo(TokenLookup.ABSENT);
        }

        @Test
        void stripRemovesTheHeader() {
            HttpHeaders h = headers("x-api-token", TOKEN);

            TokenExtractor.strip(plain, h, null);

            assertThat(h.contains("x-api-token")).isFalse();
        }
    }

    @Nested
    class Cookie {
        private final TokenLocation cookie = new TokenLocation.Cookie("session");

        @Test
        void amongOtherCookiesOnOneOrSeveralLines() {
            assertThat(find(cookie, headers("cookie", "a=1; session=" + TOKEN + "; b=2"), null).token()).isEqualTo(TOKEN);
            assertThat(find(cookie, headers("cookie", "a=1", "cookie", "session=" + TOKEN), null).token())
                    .isEqualTo(TOKEN);
        }

        @Test
        void quotedValue() {
            assertThat(find(cookie, headers("cookie", "session=\"" + TOKEN + "\""), null).token()).isEqualTo(TOKEN);
        }

        @Test
        void namesMatchExactly() {
            assertThat(find(cookie, headers("cookie", "Session=x; sessionid=y; xsession=z"), null))
                    .isEqualTo(TokenLookup.ABSENT);
        }

        @Test
        void sameCookieTwiceIsAmbiguous() {
            assertThat(find(cookie, headers("cookie", "session=a; session=b"), null)).isEqualTo(TokenLookup.AMBIGUOUS);
        }

        @Test
        void stripKeepsTheOtherCookiesAsTheyWere() {
            HttpHeaders h = headers("cookie", "a=1;session=" + TOKEN + "; b=\"x y\"", "cookie", "session=" + TOKEN);

            TokenExtractor.strip(cookie, h, null);

            assertThat(h.getAll("cookie")).containsExactly("a=1; b=\"x y\"");
        }
    }

    @Nested
    class Query {
        private final TokenLocation param = new TokenLocation.QueryParameter("access_token");

        @Test
        void amongOtherParameters() {
            assertThat(find(param, headers(), "a=1&access_token=" + TOKEN + "&b=2").token()).isEqualTo(TOKEN);
        }

        @Test
        void percentEncodedNameAndValue() {
            assertThat(find(param, headers(), "access%5Ftoken=" + TOKEN.replace(".", "%2E")).token()).isEqualTo(TOKEN);
        }

        @Test
        void repeatedIsAmbiguous() {
            assertThat(find(param, headers(), "access_token=a&access_token=b")).isEqualTo(TokenLookup.AMBIGUOUS);
        }

        @Test
        void emptyOrMissing() {
            assertThat(find(param, headers(), null)).isEqualTo(TokenLookup.ABSENT);
            assertThat(find(param, headers(), "")).isEqualTo(TokenLookup.ABSENT);
            assertThat(find(param, headers(), "access_token=")).isEqualTo(TokenLookup.ABSENT);
            assertThat(find(param, headers(), "access_token_x=1&%zz=2")).isEqualTo(TokenLookup.ABSENT);
        }

        @Test
        void stripLeavesTheRestOfTheQueryByteForByte() {
            assertThat(TokenExtractor.strip(param, headers(), "q=a%20b&access_token=" + TOKEN + "&x=%zz"))
                    .isEqualTo("q=a%20b&x=%zz");
            assertThat(TokenExtractor.strip(param, headers(), "access_token=" + TOKEN)).isEmpty();
            assertThat(TokenExtractor.strip(param, headers(), null)).isNull();
        }
    }
}
