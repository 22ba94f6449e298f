import { describe } from 'vitest';
import { javaScriptJourney } from './journeys/javascript.js';
import { keyboardJourney } from './journeys/keyboard.js';
import { noJavaScriptJourney } from './journeys/no-javascript.js';
import { printJourney } from './journeys/print.js';
import { useBrowserSuite } from './support/suite.js';

// The user journeys, in one file so that they share one app and one browser (each has a context of its own).
const suite = useBrowserSuite();

describe('(a) with JavaScript', () => javaScriptJourney(suite));
describe('(b) without JavaScript', () => noJavaScriptJourney(suite));
describe('(c) keyboard only', () => keyboardJourney(suite));
describe('(d) printing', () => printJourney(suite));
