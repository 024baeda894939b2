package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Operation x documented code of one dialect, each cell with the tests that prove it.
 *
 * <p>A cell is <em>covered</em> when a test proving it passed, <em>failed</em> when one failed,
 * <em>not applicable</em> when every test proving it was skipped (emulator-only tests against an
 * external endpoint), and <em>uncovered</em> when no test proves it. The coverage percentage counts
 * covered cells among the applicable ones (all documented cells less the not-applicable ones).
 */
public record CoverageMatrix(Contract contract, List<TestOutcome> outcomes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum CellStatus {
        COVERED, FAILED, NOT_APPLICABLE, UNCOVERED
    }

    public record CellReport(Contract.Cell cell, CellStatus status, List<TestOutcome> tests) {
    }

    public CoverageMatrix {
        requireNonNull(contract, "contract is null");
        outcomes = outcomes.stream().filter(o -> o.dialect().equals(contract.dialect())).toList();
    }

    public List<CellReport> cells() {
        List<CellReport> reports = new ArrayList<>();
        for (Contract.Cell cell : contract.documentedCells()) {
            List<TestOutcome> tests = outcomes.stream().filter(o -> o.proves(cell)).toList();
            CellStatus status;
            if (tests.isEmpty()) {
                status = CellStatus.UNCOVERED;
            } else if (tests.stream().anyMatch(t -> t.status() == TestOutcome.Status.FAIL)) {
                status = CellStatus.FAILED;
            } else if (tests.stream().anyMatch(t -> t.status() == TestOutcome.Status.PASS)) {
                status = CellStatus.COVERED;
            } else {
                status = CellStatus.NOT_APPLICABLE;
            }
            reports.add(new CellReport(cell, status, tests));
        }
        return reports;
    }

    /** Cells that tests claim to prove but the contract does not document. */
    public List<TestOutcome.Proven> outsideContract() {
        Set<String> documented = new LinkedHashSet<>();
        contract.documentedCells().forEach(c -> documented.add(c.operation() + " " + c.code()));
        Set<String> seen = new LinkedHashSet<>();
        List<TestOutcome.Proven> extra = new ArrayList<>();
        for (TestOutcome outcome : outcomes) {
            for (TestOutcome.Proven proven : outcome.proves()) {
                String key = proven.operation() + " " + proven.code();
                if (!documented.contains(key) && seen.add(key)) {
                    extra.add(proven);
                }
            }
        }
        return extra;
    }

    public long count(CellStatus status) {
        return cells().stream().filter(c -> c.status() == status).count();
    }

    /** Covered cells as a percentage of the applicable ones. */
    public double percentage() {
        long applicable = cells().size() - count(CellStatus.NOT_APPLICABLE);
        return applicable == 0 ? 0.0 : 100.0 * count(CellStatus.COVERED) / applicable;
    }

    public String summaryLine() {
        long documented = cells().size();
        long notApplicable = count(CellStatus.NOT_APPLICABLE);
        return String.format(Locale.ROOT, "coverage %s: %.1f%% (%d of %d applicable cells covered; %d documented, %d not applicable here, %d failed, %d uncovered)",
                contract.dialect(), percentage(), count(CellStatus.COVERED), documented - notApplicable,
                documented, notApplicable, count(CellStatus.FAILED), count(CellStatus.UNCOVERED));
    }

    public String markdown() {
        List<CellReport> cells = cells();
        List<String> codes = cells.stream().map(c -> c.cell().code()).distinct().sorted(CoverageMatrix::compareCodes).toList();
        StringBuilder md = new StringBuilder();
        md.append("# Coverage: ").append(contract.dialect()).append("\n\n");
        md.append("Documented cells from `").append(contract.resource()).append("`. ")
                .append("✅ covered (tests passing) · ❌ failed · ⏭ not applicable here (every proving test skipped) · ")
                .append("⬜ uncovered · blank: not documented for that operation.\n\n");
        md.append(summaryLine()).append("\n\n");
        md.append("| operation |");
        codes.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|");
        codes.forEach(c -> md.append("---|"));
        md.append('\n');
        for (String operation : contract.operations()) {
            md.append("| ").append(operation).append(" |");
            for (String code : codes) {
                md.append(' ');
                cells.stream().filter(c -> c.cell().operation().equals(operation) && c.cell().code().equals(code))
                        .findFirst().ifPresent(c -> md.append(symbol(c.status())).append(' ').append(c.tests().size()));
                md.append(" |");
            }
            md.append('\n');
        }
        md.append("\n## Proving tests\n\n");
        for (CellReport cell : cells) {
            md.append("- **").append(cell.cell().operation()).append(" → ").append(cell.cell().code()).append("** (section ")
                    .append(cell.cell().section()).append("): ").append(symbol(cell.status())).append(' ')
                    .append(cell.status().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            for (TestOutcome test : cell.tests()) {
                md.append("\n  - `").append(test.name()).append("`: ").append(test.status().label());
            }
            md.append('\n');
        }
        List<CellReport> uncovered = cells.stream().filter(c -> c.status() == CellStatus.UNCOVERED).toList();
        md.append("\n## Uncovered cells\n\n");
        if (uncovered.isEmpty()) {
            md.append("None.\n");
        }
        uncovered.forEach(c -> md.append("- ").append(c.cell().operation()).append(" → ").append(c.cell().code())
                .append(" (section ").append(c.cell().section()).append(")\n"));
        List<TestOutcome.Proven> extra = outsideContract();
        if (!extra.isEmpty()) {
            md.append("\n## Proven behaviour outside the contract\n\n");
            extra.forEach(p -> md.append("- ").append(p.operation()).append(" → ").append(p.code()).append(" (")
                    .append(p.basis().label()).append(", section ").append(p.section()).append(")\n"));
        }
        return md.toString();
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("dialect", contract.dialect());
        root.put("contract", contract.resource());
        root.put("coverage_percent", Math.round(percentage() * 10) / 10.0);
        ArrayNode cellsNode = root.putArray("cells");
        for (CellReport cell : cells()) {
            ObjectNode node = cellsNode.addObject();
            node.put("operation", cell.cell().operation());
            node.put("code", cell.cell().code());
            node.put("section", cell.cell().section());
            node.put("status", cell.status().name().toLowerCase(Locale.ROOT));
            ArrayNode tests = node.putArray("tests");
            cell.tests().forEach(t -> tests.addObject().put("name", t.name()).put("status", t.status().label()));
        }
        ArrayNode uncovered = root.putArray("uncovered");
        cells().stream().filter(c -> c.status() == CellStatus.UNCOVERED)
                .forEach(c -> uncovered.addObject().put("operation", c.cell().operation()).put("code", c.cell().code()));
        ArrayNode extra = root.putArray("outside_contract");
        outsideContract().forEach(p -> extra.addObject().put("operation", p.operation()).put("code", p.code()));
        return root.toPrettyString();
    }

    private static String symbol(CellStatus status) {
        return switch (status) {
            case COVERED -> "✅";
            case FAILED -> "❌";
            case NOT_APPLICABLE -> "⏭";
            case UNCOVERED -> "⬜";
        };
    }

    /** Success first, then numeric order. */
    private static int compareCodes(String a, String b) {
        try {
            int x = Integer.parseInt(a);
            int y = Integer.parseInt(b);
            return Integer.compare(x == 0 ? -1 : x, y == 0 ? -1 : y);
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
