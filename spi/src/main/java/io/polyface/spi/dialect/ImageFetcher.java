package io.polyface.spi.dialect;

import io.polyface.spi.FaceException;
import java.time.Duration;

/**
 * Fetches images that requests name by URL, safely: http and https only, connect and read
 * timeouts, a size limit, and no access to loopback, link-local or private addresses unless the
 * operator's allow-list names them. The gateway provides one configured from {@code fetch.*}.
 */
public interface ImageFetcher {

    /**
     * The body of a GET on the URL.
     *
     * @param timeout the longest the whole download may take; the configured limit applies when it
     *     is shorter
     * @throws FaceException.DownloadFailed with its {@link FaceException.DownloadFailed.Reason}
     * @throws FaceException.ImageTooLarge if the body is larger than the configured limit
     */
    byte[] fetch(String url, Duration timeout);
}
