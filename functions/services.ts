import type { ServiceRoutes } from '../shared/http/route';
import { routes as boroughs } from './boroughs/routes';
import { routes as consent } from './consent/routes';
import { routes as measures } from './measures/routes';
import { routes as outcomes } from './outcomes/routes';
import { routes as notifications } from './notifications/routes';
import { routes as phb } from './phb/routes';
import { routes as plans } from './plans/routes';

/**
 * Every HTTP service and its route table: the CDK stack makes one function and its routes from each,
 * the local server dispatches to them, and the OpenAPI document lists them.
 */
export const SERVICES: readonly ServiceRoutes[] = [
  { service: 'boroughs', routes: boroughs },
  { service: 'consent', routes: consent },
  { service: 'plans', routes: plans },
  { service: 'measures', routes: measures },
  { service: 'phb', routes: phb },
  { service: 'notifications', routes: notifications },
  { service: 'outcomes', routes: outcomes },
];
