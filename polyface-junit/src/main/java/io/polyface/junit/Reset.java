package io.polyface.junit;

/** When {@link PolyfaceExtension} empties the gateway's engines. */
public enum Reset {
    /** Before every test method: each test starts from nothing (as WireMock's extension does). */
    PER_METHOD,
    /** Once, before the class's first test: its tests share what they create. */
    PER_CLASS
}
