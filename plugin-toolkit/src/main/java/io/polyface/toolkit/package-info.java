/**
 * The plugin toolkit: pieces every dialect plugin and vendor connector needs and that are not
 * contracts, so they live here rather than in the SPI. Plugins depend on it; the SPI never does.
 */
package io.polyface.toolkit;
