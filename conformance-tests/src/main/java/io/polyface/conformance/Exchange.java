package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP request and what came back, kept so that a failing test can show a tester exactly what
 * was sent and received.
 *
 * @param status the HTTP status, or -1 when no response arrived
 * @param responseBody the response body, or the transport error when none arrived
 */
public record Exchange(String method, String url, String requestBody, int status, String responseBody, Duration duration) {
    private static final int MAX_SHOWN = 2_000;
    /** Long base64 runs (image data) are cut to their first characters. */
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/=]{120,}");

    public Exchange {
        requireNonNull(method, "method is null");
        requireNonNull(url, "url is null");
        requireNonNull(requestBody, "requestBody is null");
        requireNonNull(responseBody, "responseBody is null");
        requireNonNull(duration, "duration is null");
    }

    /** A readable account of the exchange with image data abbreviated. */
    public String describe() {
        return "  request:  " + method + " " + url + "\n"
                + "            " + (requestBody.isEmpty() ? "(no body)" : abbreviate(requestBody)) + "\n"
                + "  response: " + (status < 0 ? "none" : "HTTP " + status) + " after " + duration.toMillis() + " ms\n"
                + "            " + abbreviate(responseBody);
    }

    /** Cuts image data and overlong text so that a message stays readable. */
    public static String abbreviate(String text) {
        Matcher run = BASE64_RUN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (run.find()) {
            String data = run.group();
            run.appendReplacement(out, Matcher.quoteReplacement(data.substring(0, 24) + "...(" + data.length() + " chars)"));
        }
        run.appendTail(out);
        return out.length() > MAX_SHOWN ? out.substring(0, MAX_SHOWN) + "...(" + out.length() + " chars)" : out.toString();
    }
}
