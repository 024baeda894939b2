package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.engine.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LandmarkSetsTest {

    /** Point i at (i, 2i), so every derived point says where it came from. */
    private static final List<Point> POINTS = numbered();

    private static List<Point> numbered() {
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < 68; i++) {
            p.add(new Point(i, 2 * i));
        }
        return p;
    }

    @Test
    void aflw21PicksAndAveragesIbugPoints() {
        List<Point> p = LandmarkSets.aflw21(POINTS);
        assertThat(p).hasSize(21);
        assertThat(p.get(0)).isEqualTo(POINTS.get(17));
        assertThat(p.get(7)).isEqualTo(new Point(39, 78)); // mean of 37, 38, 40, 41
        assertThat(p.get(14)).isEqualTo(POINTS.get(30));
        assertThat(p.get(18)).isEqualTo(new Point(64, 128)); // mean of 62 and 66
        assertThat(p.get(20)).isEqualTo(POINTS.get(8));
    }

    @Test
    void points106KeepEveryMeasuredPointAndInterpolateTheRest() {
        List<Point> p = LandmarkSets.points106(POINTS);
        assertThat(p).hasSize(106);
        assertThat(p).containsAll(POINTS);
        assertThat(p.get(0)).isEqualTo(POINTS.get(0));
        assertThat(p.get(1)).isEqualTo(new Point(0.5, 1));
        assertThat(p.get(32)).isEqualTo(POINTS.get(16));
        assertThat(p.subList(84, 104)).isEqualTo(POINTS.subList(48, 68));
        assertThat(p.get(71)).isEqualTo(new Point(38.5, 77)); // the left eye's closing midpoint, 41 to 36
        assertThat(p.get(104)).isEqualTo(new Point(38.5, 77)); // mean of 36..41
        assertThat(p.get(105)).isEqualTo(new Point(44.5, 89));
    }

    @Test
    void refusesOtherCounts() {
        assertThatThrownBy(() -> LandmarkSets.points106(POINTS.subList(0, 5))).isInstanceOf(IllegalArgumentException.class);
    }
}
