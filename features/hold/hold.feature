Feature: Putting a caller on hold
  While an agent has a caller on hold, the caller hears the customer hold flow the Support
  line chose with "Set hold flow", and the agent hears the agent hold flow: a reminder that
  someone is waiting. Both keep looping until the agent takes the call off hold; then the
  conversation goes on. A line that chooses no hold flow plays the instance's default hold
  flows instead.

  Background:
    Given the flows in "features/hold/flows" are published
    And a queue "Support"
    And a routing profile "Support phones" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | voice   | 1           | no                              |
    And an agent "Ana" with the routing profile "Support phones"
    And agent "Ana" is available

  @critical
  Scenario: The caller hears the hold music and the agent a reminder, until the agent resumes the call
    Given the phone number "+1 555 0100" starts the flow "Support line - with hold music"
    When a caller from "+15555550123" calls "+15550100"
    And agent "Ana" accepts the call
    And agent "Ana" puts the caller on hold
    Then the caller hears "Thank you for holding. Your Example Corp agent will be right back with you."
    And agent "Ana" hears "Your caller is still on hold."
    And the caller does not hear "Your caller is still on hold."
    When 30 seconds pass
    Then the caller hears "Thank you for holding" again
    When agent "Ana" takes the caller off hold
    And 2 minutes pass
    Then the caller does not hear "Thank you for holding" any more
    And agent "Ana" does not hear "Your caller is still on hold." any more
    And agent "Ana" is still on the call
    And the "call" went through the block "Play the hold music" of the flow "Support customer hold - music and thanks"

  Scenario: A line that chooses no hold flow plays the instance's default hold flows
    Given the phone number "+1 555 0200" starts the flow "Support line - default hold"
    When a caller from "+15555550123" calls "+15550200"
    And agent "Ana" accepts the call
    And agent "Ana" puts the caller on hold
    Then the caller hears "You are on hold. Please stay on the line."
    And agent "Ana" hears "The customer is on hold."
    And the caller does not hear "Thank you for holding"
