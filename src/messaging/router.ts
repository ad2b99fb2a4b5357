import { Router } from "express"; import type { ModuleContext } from "../context.js"; export function createMessagingRouter(_c: ModuleContext): Router { return Router(); }
