package io.polyface.plugin.qiniu;

import io.polyface.spi.FaceException;

/**
 * A global descriptor of a whole image, for Qiniu's search by image (sections 1.x): what an image
 * looks like as one vector, and how alike two of them are. The plain-Java {@link
 * PerceptualImageDescriptor} is the one in use; an image-embedding model (ONNX) fits the same
 * shape: {@link #describe} runs the model, {@link #similarity} maps the cosine onto 0..1.
 *
 * <p>Descriptors are stored with their {@link #version()}; a descriptor of another version is never
 * compared. Implementations are thread-safe.
 */
interface ImageDescriptor {

    /** Stored with every descriptor; changes whenever the values would. */
    String version();

    /**
     * @throws FaceException.UndecodableImage if the bytes are not an image this descriptor reads
     * @throws FaceException.ImageTooLarge if the image has more pixels than it will decode
     */
    float[] describe(byte[] image);

    /** How alike two images are: 0..1, 1 for the same image. */
    double similarity(float[] first, float[] second);
}
