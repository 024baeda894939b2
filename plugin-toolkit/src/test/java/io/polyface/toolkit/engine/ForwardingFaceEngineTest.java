package io.polyface.toolkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.FaceEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ForwardingFaceEngine} overrides every {@link FaceEngine} method, forwards each call with
 * its own arguments to the delegate, and names the right {@link EngineOperation} on the way.
 * Reflection walks the interface here so that a method added to it cannot be missed.
 */
class ForwardingFaceEngineTest {
    /** The methods answered where they are asked, without an operation. */
    private static final Set<String> NOT_OPERATIONS = Set.of("name", "close", "unsupported");
    private static final AtomicInteger STRINGS = new AtomicInteger();

    private record Call(String method, List<Object> args) {
    }

    private final List<Call> delegated = new ArrayList<>();
    private final List<EngineOperation> forwarded = new ArrayList<>();

    private final FaceEngine delegate = (FaceEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {FaceEngine.class}, (proxy, method, args) -> {
                delegated.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
                return zero(method.getReturnType());
            });

    private final ForwardingFaceEngine forwarding = new ForwardingFaceEngine() {
        @Override
        protected FaceEngine delegate() {
            return delegate;
        }

        @Override
        protected <T> T forward(EngineOperation operation, EngineInvocation<T> invocation) {
            forwarded.add(operation);
            return super.forward(operation, invocation);
        }
    };

    private static Stream<Method> engineMethods() {
        return Arrays.stream(FaceEngine.class.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()));
    }

    @Test
    void everyEngineMethodIsOverridden() {
        List<String> missing = engineMethods().filter(m -> {
            try {
                Method own = ForwardingFaceEngine.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                return Modifier.isAbstract(own.getModifiers());
            } catch (NoSuchMethodException e) {
                return true;
            }
        }).map(Method::getName).toList();

        assertThat(missing).as("FaceEngine methods ForwardingFaceEngine does not override").isEmpty();
    }

    @Test
    void everyCallReachesTheDelegateWithItsArgumentsAndNamesItsOperation() throws Exception {
        for (Method method : engineMethods().toList()) {
            delegated.clear();
            forwarded.clear();
            Object[] args = Arrays.stream(method.getParameterTypes()).map(ForwardingFaceEngineTest::sample).toArray();

            method.invoke(forwarding, args);

            assertThat(delegated).as(method.getName()).containsExactly(new Call(method.getName(), Arrays.asList(args)));
            if (NOT_OPERATIONS.contains(method.getName())) {
                assertThat(forwarded).as(method.getName()).isEmpty();
            } else {
                assertThat(forwarded).as(method.getName()).extracting(EngineOperation::methodName).containsExactly(method.getName());
            }
        }
    }

    @Test
    void everyOperationIsAnEngineMethod() {
        List<String> calls = engineMethods().map(Method::getName).filter(n -> !NOT_OPERATIONS.contains(n)).sorted().toList();

        assertThat(Arrays.stream(EngineOperation.values()).map(EngineOperation::methodName).sorted().toList()).isEqualTo(calls);
        assertThat(EngineOperation.byMethodName("addVectors")).contains(EngineOperation.ADD_VECTORS);
        assertThat(EngineOperation.byMethodName("name")).isEmpty();
    }

    @Test
    void onlyWritesThatMayHappenTwiceAreNotIdempotent() {
        assertThat(EngineOperation.REPLACE_VECTORS.idempotent()).isTrue();
        assertThat(EngineOperation.ADD_VECTORS.idempotent()).isFalse();
        assertThat(EngineOperation.PUT_RECORD.readOnly()).isFalse();
        assertThat(EngineOperation.SEARCH.readOnly()).isTrue();
    }

    /** A distinct argument of each type, so that a call passing another one (or none) is seen. */
    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 7;
        }
        if (type == byte[].class) {
            return new byte[] {1};
        }
        if (type == String.class) {
            return "s" + STRINGS.incrementAndGet();
        }
        return null;
    }

    private static Object zero(Class<?> type) {
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }
}
