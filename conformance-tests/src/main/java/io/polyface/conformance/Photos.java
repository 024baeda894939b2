package io.polyface.conformance;

/**
 * The photos every dialect's suite sends, by role, as paths in the labelled set that {@link
 * io.polyface.conformance.Faces} reads. Those in the folders shipped with the kit
 * ({@code faces/}) are always at hand; the rest need the shared set.
 */
public final class Photos {
    /** Frontal, sharp, face over 100 px: passes FacePass's gate. */
    public static final String ANGELINA_1 = "angelina/deepface_img5.jpg";
    public static final String ANGELINA_2 = "angelina/deepface_img11.jpg";
    public static final String ANGELINA_PROBE = "angelina/deepface_img10.jpg";
    public static final String ANGELINA_4 = "angelina/deepface_img6.jpg";
    public static final String SCARLETT_1 = "scarlett/deepface_img50.jpg";
    public static final String SCARLETT_2 = "scarlett/deepface_img8.jpg";
    public static final String SCARLETT_PROBE = "scarlett/deepface_img51.jpg";
    public static final String JENNIFER_1 = "jennifer/deepface_img12.jpg";
    public static final String JENNIFER_2 = "jennifer/deepface_img55.jpg";
    /** A harder shot of JENNIFER_1's person. */
    public static final String JENNIFER_PROBE = "jennifer/deepface_img56.jpg";
    /**
     * Shared set only. Above SenseTime's confidence 0.6 and Qiniu's photo threshold 0.45 against
     * JENNIFER_1 (JENNIFER_PROBE is not).
     */
    public static final String JENNIFER_CLOSE_PROBE = "jennifer/deepface_img54.jpg";
    public static final String ID01_1 = "deepface_id01/deepface_img46.jpg";
    public static final String ID01_2 = "deepface_id01/deepface_img43.jpg";
    /** Its largest face is under 100 px: FacePass's FaceMin. */
    public static final String ID01_PROBE = "deepface_id01/deepface_img27.jpg";
    public static final String STALLONE = "stallone/ifrest_Stallone.jpg";
    /** A photo whose only face is 49 px wide. */
    public static final String IVAN = "ivan/mtcnn_ivan.jpg";
    public static final String NO_FACE = "nonface/mtcnn_no-faces.jpg";
    /** Shared set only. */
    public static final String TWO_PEOPLE = "multi/facerec_two_people.jpg";
    /** Shared set only. */
    public static final String TWO_FACES = "multi/facerec_obama_and_biden.jpg";
    /** Shared set only. */
    public static final String COUPLE = "multi/deepface_couple.jpg";
    /** Shared set only. */
    public static final String WEBP_AS_JPG = "edge/deepface_img47.jpg";
    /** Shared set only. */
    public static final String TRUNCATED_JPG = "edge/compreface_truncated.jpg";
    /** Shared set only. */
    public static final String TEXT_AS_PNG = "edge/compreface_empty.png";

    private Photos() {
    }
}
