package io.polyface.engine.local.pipeline;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives the tests of real photos one {@link OnnxFacePipeline} with the default models and options,
 * opened when a test first asks for it and closed when the test run ends. Declare a parameter of
 * type {@code OnnxFacePipeline}, typically on the class's {@code @BeforeAll} method.
 */
final class SharedPipeline implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPipeline.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OnnxFacePipeline.class;
    }

    @Override
    public OnnxFacePipeline resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store closes what it holds (an AutoCloseable) when the run ends.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(OnnxFacePipeline.class, type -> OnnxFacePipeline.open(), OnnxFacePipeline.class);
    }
}
