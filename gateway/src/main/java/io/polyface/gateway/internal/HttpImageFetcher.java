package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.FaceException;
import io.polyface.spi.FaceException.DownloadFailed.Reason;
import io.polyface.spi.dialect.ImageFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's {@link ImageFetcher}: plain GETs with {@link HttpClient}, redirects followed by
 * hand (at most three) so that every hop is checked, the whole download under one deadline, and the
 * body read only up to the size limit.
 *
 * <p>Address rule: every address a host resolves to must be public. Loopback, link-local,
 * site-local (10/8, 172.16/12, 192.168/16), unique-local IPv6 (fc00::/7), carrier-grade NAT
 * (100.64/10), "this network" (0/8), multicast and the wildcard address are refused unless the host
 * name or its literal address is in {@code allowedHosts}. A host could resolve differently between
 * the check and the connection (DNS rebinding); operators who fear that put the gateway behind an
 * egress proxy.
 */
public final class HttpImageFetcher implements ImageFetcher {

    private static final int MAX_REDIRECTS = 3;

    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;
    private final Set<String> allowedHosts;
    private final ExecutorService downloads = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param connectTimeout the longest a connection may take to open
     * @param timeout the longest a whole download may take
     * @param maxBytes the largest body accepted
     * @param allowedHosts host names or literal addresses exempt from the address rule, lower case
     */
    public HttpImageFetcher(Duration connectTimeout, Duration timeout, long maxBytes, Set<String> allowedHosts) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(requireNonNull(connectTimeout, "connectTimeout is null"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.maxBytes = maxBytes;
        this.allowedHosts = Set.copyOf(requireNonNull(allowedHosts, "allowedHosts is null"));
    }

    @Override
    public byte[] fetch(String url, Duration requested) {
        Duration limit = requested.compareTo(timeout) < 0 ? requested : timeout;
        Future<byte[]> download = downloads.submit(() -> follow(url));
        try {
            return download.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            download.cancel(true);
            throw new FaceException.DownloadFailed("download took longer than " + limit.toMillis() + " ms",
                    Reason.TIMEOUT, null);
        } catch (InterruptedException e) {
            download.cancel(true);
            Thread.currentThread().interrupt();
            throw new FaceException.DownloadFailed("download interrupted", Reason.NETWORK, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FaceException failure) {
                throw failure;
            }
            throw new FaceException.DownloadFailed("download failed: " + e.getCause().getClass().getSimpleName(),
                    Reason.NETWORK, e.getCause());
        }
    }

    private byte[] follow(String url) throws IOException, InterruptedException {
        URI uri = checked(url);
        for (int hop = 0; ; hop++) {
            HttpRequest request = HttpRequest.newBuilder(uri).GET().header("Accept", "image/*").build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                response.body().close();
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty() || hop == MAX_REDIRECTS) {
                    throw new FaceException.DownloadFailed("too many or broken redirects", Reason.HTTP_STATUS, null);
                }
                uri = checked(uri.resolve(location.get()).toString());
                continue;
            }
            try (InputStream body = response.body()) {
                if (status != 200) {
                    throw new FaceException.DownloadFailed("server answered " + status, Reason.HTTP_STATUS, null);
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw new FaceException.ImageTooLarge(maxBytes);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new FaceException.ImageTooLarge(maxBytes);
                }
                return bytes;
            }
        }
    }

    /** Parses the URL and applies the scheme and address rules. */
    private URI checked(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new FaceException.DownloadFailed("not a URL: " + e.getReason(), Reason.BAD_URL, null);
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FaceException.DownloadFailed("only http and https URLs can be fetched", Reason.BAD_URL, null);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new FaceException.DownloadFailed("the URL has no host, or has credentials in it", Reason.BAD_URL,
                    null);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(bare)) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new FaceException.DownloadFailed("unknown host " + bare, Reason.NETWORK, null);
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address) && !allowedHosts.contains(address.getHostAddress().toLowerCase(Locale.ROOT))) {
                throw new FaceException.DownloadFailed("address of " + bare + " is not public", Reason.BLOCKED, null);
            }
        }
        return uri;
    }

    /** Whether an address is routable on the public internet. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            boolean thisNetwork = first == 0;
            boolean sharedNat = first == 100 && second >= 64 && second < 128;
            boolean reserved = first >= 240;
            return !thisNetwork && !sharedNat && !reserved;
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mappedOrCompat = isIpv4Embedded(b);
            if (mappedOrCompat) {
                try {
                    return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return !uniqueLocal;
        }
        return false;
    }

    private static boolean isIpv4Embedded(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }
}
