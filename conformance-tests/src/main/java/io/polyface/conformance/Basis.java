package io.polyface.conformance;

/** What a test's expectation rests on. */
public enum Basis {
    /** The vendor's own document says so. */
    DOC("doc"),
    /** Seen on a real vendor server, not written in the document. */
    OBSERVED("observed"),
    /** Only an emulator can be made to show it (for example a database outage). */
    EMULATOR_ONLY("emulator-only");

    private final String label;

    Basis(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
