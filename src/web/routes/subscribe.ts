import type { FastifyInstance } from 'fastify';
import { readSubscribeForm, type FieldErrors, type FormValues } from '../form.js';
import { formView } from '../form-view.js';
import type { WebContext } from '../server.js';
import { requestSubscription } from '../subscription.js';

const EMPTY: FormValues = { email: '', topics: '', frequency: 'daily', timezone: '', sendHour: '', sendWeekday: '' };

export function registerSubscribe(server: FastifyInstance, context: WebContext): void {
  const defaults = digestDefaults(context);
  const form = (reply: Parameters<WebContext['page']>[0], values: FormValues, errors: FieldErrors, status = 200) =>
    context.page(reply, 'subscribe', { title: 'Subscribe', csrf: reply.generateCsrf(), ...formView(values, errors, defaults) }, status);

  server.get('/subscribe', async (_request, reply) => form(reply, EMPTY, {}));

  server.post(
    '/subscribe',
    {
      // The limit runs on the request itself, before the body is read or the
      // CSRF token checked, so floods of forged or invalid forms count too.
      config: { rateLimit: { max: context.limits.subscribe.max, timeWindow: context.limits.subscribe.windowMs } },
      preHandler: server.csrfProtection,
    },
    async (request, reply) => {
      const result = readSubscribeForm(request.body);
      if (!result.ok) return form(reply, result.values, result.errors, 400);
      await requestSubscription(context, result.value);
      // The same page whether or not the address was known: nobody learns who subscribes.
      return context.page(reply, 'check-inbox', { title: 'Check your inbox' });
    },
  );
}

export function digestDefaults(context: WebContext): { dailyHour: number; weeklyHour: number; weekday: string } {
  const digest = context.app.config.digest;
  return { dailyHour: digest.daily.hour, weeklyHour: digest.weekly.hour, weekday: digest.weekly.weekday };
}
