package io.polyface.conformance.dmai;

/**
 * The photos the DM-AI suite uses, by role. All of them ship in the kit ({@code faces/}); they are
 * a subset of the shared labelled set.
 */
final class Photos {
    static final String ANGELINA_1 = "angelina/deepface_img5.jpg";
    static final String ANGELINA_2 = "angelina/deepface_img11.jpg";
    static final String ANGELINA_PROBE = "angelina/deepface_img10.jpg";
    static final String ANGELINA_4 = "angelina/deepface_img6.jpg";
    static final String SCARLETT_1 = "scarlett/deepface_img50.jpg";
    static final String SCARLETT_2 = "scarlett/deepface_img8.jpg";
    static final String SCARLETT_PROBE = "scarlett/deepface_img51.jpg";
    static final String JENNIFER_1 = "jennifer/deepface_img12.jpg";
    static final String JENNIFER_2 = "jennifer/deepface_img55.jpg";
    static final String JENNIFER_PROBE = "jennifer/deepface_img56.jpg";
    static final String ID01_1 = "deepface_id01/deepface_img46.jpg";
    static final String ID01_2 = "deepface_id01/deepface_img43.jpg";
    static final String ID01_PROBE = "deepface_id01/deepface_img27.jpg";
    static final String STALLONE = "stallone/ifrest_Stallone.jpg";
    static final String IVAN = "ivan/mtcnn_ivan.jpg";
    static final String NO_FACE = "nonface/mtcnn_no-faces.jpg";

    private Photos() {
    }
}
