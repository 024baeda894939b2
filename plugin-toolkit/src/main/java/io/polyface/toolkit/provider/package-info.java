/**
 * Service-loader providers that are only an id and a constructor, so that a plugin's provider
 * class says which id makes which dialect or connector and nothing else.
 */
package io.polyface.toolkit.provider;
