package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.BoundingBox;

/**
 * Qiniu's face boxes: four corner points {@code [[x,y],...]} in the order top-left, top-right,
 * bottom-right, bottom-left, in pixels. Boxes are axis-aligned here: a box read from four points is
 * the smallest axis-aligned box around them.
 */
final class QiniuBox {
    private QiniuBox() {
    }

    /**
     * Reads four points.
     *
     * @throws FaceException.InvalidArgument unless it is four pairs of finite, non-negative numbers
     *     enclosing an area
     */
    static BoundingBox read(String field, JsonNode pts) {
        String expected = field + " must be four points [[x,y],[x,y],[x,y],[x,y]] (top-left, top-right, bottom-right, bottom-left)";
        if (pts == null || !pts.isArray() || pts.size() != 4) {
            throw new FaceException.InvalidArgument(field, expected);
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (JsonNode point : pts) {
            if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber() || !point.get(1).isNumber()) {
                throw new FaceException.InvalidArgument(field, expected);
            }
            double x = point.get(0).doubleValue();
            double y = point.get(1).doubleValue();
            if (!Double.isFinite(x) || !Double.isFinite(y) || x < 0 || y < 0) {
                throw new FaceException.InvalidArgument(field, field + " must hold finite, non-negative coordinates");
            }
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        if (!(maxX > minX) || !(maxY > minY)) {
            throw new FaceException.InvalidArgument(field, field + " must enclose an area");
        }
        return new BoundingBox(minX, minY, maxX - minX, maxY - minY);
    }

    /** Writes a box as four whole-pixel points into {@code pts}. */
    static void write(BoundingBox box, ArrayNode pts) {
        long left = Math.round(box.x());
        long top = Math.round(box.y());
        long right = Math.round(box.x() + box.width());
        long bottom = Math.round(box.y() + box.height());
        pts.addArray().add(left).add(top);
        pts.addArray().add(right).add(top);
        pts.addArray().add(right).add(bottom);
        pts.addArray().add(left).add(bottom);
    }
}
