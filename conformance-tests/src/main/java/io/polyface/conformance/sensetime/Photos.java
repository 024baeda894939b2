package io.polyface.conformance.sensetime;

/**
 * The photos the SenseTime suite uses, by role. Those without a folder of the shared set ship in
 * the kit ({@code faces/}); multi-face and edge-case files need the shared set.
 */
final class Photos {
    static final String ANGELINA_1 = "angelina/deepface_img5.jpg";
    static final String ANGELINA_2 = "angelina/deepface_img11.jpg";
    static final String ANGELINA_PROBE = "angelina/deepface_img10.jpg";
    static final String SCARLETT_1 = "scarlett/deepface_img50.jpg";
    static final String SCARLETT_PROBE = "scarlett/deepface_img51.jpg";
    static final String JENNIFER_1 = "jennifer/deepface_img12.jpg";
    /** Above confidence 0.6 against JENNIFER_1 (img56, a harder shot, is not). */
    static final String JENNIFER_PROBE = "jennifer/deepface_img54.jpg";
    static final String ID01_1 = "deepface_id01/deepface_img46.jpg";
    static final String STALLONE = "stallone/ifrest_Stallone.jpg";
    static final String IVAN = "ivan/mtcnn_ivan.jpg";
    static final String NO_FACE = "nonface/mtcnn_no-faces.jpg";
    /** Shared set only. */
    static final String TWO_PEOPLE = "multi/facerec_two_people.jpg";
    static final String WEBP_AS_JPG = "edge/deepface_img47.jpg";
    static final String TRUNCATED_JPG = "edge/compreface_truncated.jpg";
    static final String TEXT_AS_PNG = "edge/compreface_empty.png";

    private Photos() {
    }
}
