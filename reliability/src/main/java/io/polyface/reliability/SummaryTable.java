package io.polyface.reliability;

import java.util.List;

/** The run's summary as a Markdown table: {@code area | tried | passed | failed}. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static String render(List<AreaResult> results) {
        StringBuilder table = new StringBuilder("| area | tried | passed | failed |\n|---|---:|---:|---:|\n");
        int tried = 0;
        int passed = 0;
        for (AreaResult r : results) {
            table.append("| ").append(r.area().title()).append(" | ").append(r.tried()).append(" | ").append(r.passed())
                    .append(" | ").append(r.failed()).append(" |\n");
            tried += r.tried();
            passed += r.passed();
        }
        table.append("| **all** | ").append(tried).append(" | ").append(passed).append(" | ").append(tried - passed).append(" |\n");
        return table.toString();
    }
}
