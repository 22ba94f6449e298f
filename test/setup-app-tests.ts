import { setPasswordHashCost } from '../src/features/accounts/passwords.js';
import { testConfig } from './helpers/config.js';

// Set up files of the database and browser projects: hashes made before any app is built (a factory's
// person, a page object's user) get the test cost too, as buildApp(testConfig()) would set it.
setPasswordHashCost(testConfig().passwordHashCost);
