Feature: Connect's own test cases run inside the scenarios
  Teams that already test their flows with Amazon Connect's own test cases (written in the
  console's test builder, or by hand in its JSON Testing language) keep them beside the
  scenarios. A test case runs on the scenario's instance against the flows the scenario
  published, and passes or fails as it would in the console; its records, what the caller
  heard and pressed, and the path through the flows are attached to the scenario.

  Background:
    Given the flows in "features/native-test-cases/flows" are published

  Scenario: A caller in office hours presses 1 and reaches Support
    Then the test case "test-cases/support-by-dtmf.json" passes

  Scenario: Out of office hours the caller is told when to call
    Then the test case "test-cases/after-hours.json" passes with the hours "closed-all-week" never open

  Scenario: A test case expecting a menu option the flow does not offer fails where it goes wrong
    Then the test case "test-cases/sales-by-dtmf.json" fails at the observation "Menu"

  Scenario: The callback example runs against the callback flows
    Given the flows in "features/callback/flows" are published
    Then the test case "examples/test-cases/callback/callback-by-dtmf.json" passes
