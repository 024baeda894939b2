/**
 * Building blocks for {@link io.polyface.spi.engine.FaceEngine} decorators: {@link
 * io.polyface.toolkit.engine.ForwardingFaceEngine} forwards every call, naming its {@link
 * io.polyface.toolkit.engine.EngineOperation}, so that a decorator is a compile-checked subclass
 * rather than a dynamic proxy.
 */
package io.polyface.toolkit.engine;
