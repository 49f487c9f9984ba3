import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  init_dist,
  parseCookie,
  parseSetCookie,
  stringifyCookie,
  stringifySetCookie
} from "./chunk-NGTKF6RN.js";
import "./chunk-VF57VZD3.js";
init_dist();
export {
  parseCookie,
  parseSetCookie,
  stringifyCookie,
  stringifySetCookie
};
