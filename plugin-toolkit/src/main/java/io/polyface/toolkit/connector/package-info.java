/**
 * The plumbing every vendor connector shares, so that a connector holds only its vendor's mapping:
 * the {@link io.polyface.toolkit.connector.VendorConnector} skeleton (and {@link
 * io.polyface.toolkit.connector.IndexedConnector} for a vendor that holds only its own face ids), one
 * attempt of an HTTP call ({@link io.polyface.toolkit.connector.VendorHttp}), the index of what a
 * vendor cannot hold ({@link io.polyface.toolkit.connector.IndexedFace}) and the read-only export of
 * a vendor's account ({@link io.polyface.toolkit.connector.ConnectorExport}).
 */
package io.polyface.toolkit.connector;
