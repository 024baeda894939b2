package io.polyface.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a Polyface gateway in the test's JVM for the test class, on a free loopback port, with the
 * real local engine (models from the cache, an embedded MongoDB in a temporary directory), and
 * injects a {@link PolyfaceServer} into test methods, constructors and lifecycle methods:
 *
 * <pre>{@code
 * @PolyfaceTest(dialects = {"qiniu", "facepass"})
 * class FaceSearchTest {
 *     @Test
 *     void findsTheFace(PolyfaceServer polyface) {
 *         String qiniu = polyface.baseUrl("qiniu");          // http://127.0.0.1:<port>/qiniu
 *         PolyfaceServer.QiniuKey key = polyface.qiniuKey();  // sign requests with it
 *     }
 * }
 * }</pre>
 *
 * For settings in code rather than in an annotation, register {@link PolyfaceExtension} with
 * {@code @RegisterExtension} on a static field instead.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PolyfaceExtension.class)
public @interface PolyfaceTest {

    /** The dialects to serve ({@code dmai}, {@code facepass}, {@code qiniu}, {@code sensetime}); none: every dialect on the class path. */
    String[] dialects() default {};

    /**
     * A Polyface configuration file (README, "Configuration"): a class path resource, else a file
     * path. The extension adds the dialects, credentials and image hosts it does not set.
     */
    String config() default "";

    /** When to empty the engines; before each test unless said otherwise. */
    Reset reset() default Reset.PER_METHOD;

    /** Whether each dialect also gets a port of its own serving the vendor's bare paths. */
    boolean ownPorts() default false;
}
