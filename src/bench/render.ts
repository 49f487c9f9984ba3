export { benchRender } from '../render/index.js';
