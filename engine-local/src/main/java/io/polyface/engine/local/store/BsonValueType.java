package io.polyface.engine.local.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded store keeps a collection's documents in H2: as BSON, instead of the Java
 * serialisation H2 falls back to for a class it does not know. Reading a document back from Java
 * serialisation walks the class descriptions of the map, its entries and every value again for each
 * document; that was most of what the server spent answering a query over all faces (an index load:
 * a million faces took a minute). The same document in BSON decodes in a fraction of that.
 *
 * <p>A value is written as a tag H2's own type never uses, followed by the BSON document, which
 * carries its length. Anything else, and any document BSON would not give back exactly (the server
 * may hold a timestamp finer than BSON's milliseconds), is written by H2's type as before; reading
 * tells the two apart by the tag, so a file written before this type existed is read as it is, and
 * its documents become BSON when H2 next writes their page (a change to any document on it). A file
 * written with this type cannot be read by a build without it.
 *
 * <p>The server's own codec (the one that decoded the documents from its clients) writes and reads
 * the BSON, so the values are the ones the server would have sent on the wire.
 */
final class BsonValueType extends ObjectDataType {

    /** Free in {@link ObjectDataType}'s tag space (its tags are 0-19, 32-49 and 64-119). */
    static final byte BSON_DOCUMENT = 60;

    /**
     * What H2 is told a document costs in its page cache: twice its encoded size on average, the
     * estimate H2 keeps for serialised objects. Updated without a lock: an estimate.
     */
    private int averageMemory = 2048;

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (value instanceof Document document) {
            byte[] bson = exactBson(document);
            if (bson != null) {
                buffer.put(BSON_DOCUMENT).put(bson);
                remember(bson.length);
                return;
            }
        }
        super.write(buffer, value);
    }

    @Override
    public Object read(ByteBuffer buffer) {
        int start = buffer.position();
        if (buffer.get(start) != BSON_DOCUMENT) {
            return super.read(buffer);
        }
        // The document carries its length: the decoder reads exactly that far.
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(start + 1, buffer.limit() - start - 1));
        Document document = BsonDecoder.decodeBson(bson);
        buffer.position(start + 1 + bson.readerIndex());
        remember(bson.readerIndex());
        return document;
    }

    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? averageMemory : super.getMemory(value);
    }

    /** The document in BSON, or null when BSON cannot hold it or would not give it back as it is. */
    private static byte[] exactBson(Document document) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, out);
            byte[] bson = new byte[out.readableBytes()];
            out.getBytes(out.readerIndex(), bson);
            return document.equals(BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson))) ? bson : null;
        } catch (RuntimeException e) {
            // A value the codec has no BSON type for (the server's own markers): H2's type keeps it.
            return null;
        } finally {
            out.release();
        }
    }

    private void remember(int encodedLength) {
        averageMemory = (int) ((2L * encodedLength + 15L * averageMemory) / 16);
    }
}
