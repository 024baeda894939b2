package io.polyface.toolkit.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a vendor's engine names its API in every optional call it lacks, by one override. */
class VendorEngineTest {
    private static final CollectionRef REF = new CollectionRef("t", "c");

    /** A vendor engine that implements none of its abstract calls but its API's name: only the defaults answer. */
    private static VendorEngine defaultsOnly() {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("apiName")) {
                return "the test vendor's API";
            }
            if (!method.isDefault()) {
                throw new AssertionError(method.getName() + " is not optional");
            }
            return InvocationHandler.invokeDefault(proxy, method, args);
        };
        return (VendorEngine) Proxy.newProxyInstance(VendorEngine.class.getClassLoader(), new Class<?>[] {VendorEngine.class}, handler);
    }

    @Test
    void aVendorEngineNamesItsApiInEveryOptionalCallItLacks() {
        VendorEngine engine = defaultsOnly();

        assertThatThrownBy(() -> engine.startFeatureJob(REF, "v2")).isInstanceOf(FaceException.Unsupported.class)
                .hasMessage("not supported by this backend: the test vendor's API has no feature upgrades");
        assertThatThrownBy(() -> engine.checkImages(REF))
                .hasMessage("not supported by this backend: the test vendor's API has no checking stored images");
        for (Runnable recordCall : List.<Runnable>of(() -> engine.record("t", "k", "key"), () -> engine.putRecord("t", "k", "key", "{}"),
                () -> engine.deleteRecord("t", "k", "key"), () -> engine.records("t", "k"))) {
            assertThatThrownBy(recordCall::run).isInstanceOf(FaceException.Unsupported.class)
                    .hasMessage("not supported by this backend: the test vendor's API has no dialect records");
        }
        assertThat(engine.featureJobs("t")).isEmpty();
    }
}
