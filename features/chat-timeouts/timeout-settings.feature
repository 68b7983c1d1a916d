Feature: Chat timeout settings
  Chat timeouts are set per participant role, not per person, with UpdateParticipantRoleConfig:
  an idle timeout marks the customer or the agent idle, and an auto-disconnect timeout
  disconnects the agent when that role stays idle. Every timeout is a whole number of
  minutes from 2 to 480 (8 hours); anything else is refused and changes nothing.

  Background:
    Given the flows in "features/chat-timeouts/flows" are published
    And a queue "Support"
    And a customer starts a chat on the flow "Chat timeouts inbound"
    And the customer receives "An agent will be with you shortly"

  @critical
  Scenario Outline: The <role> may be given "<timeout> <duration>"
    When an attempt is made to set the chat timeouts to:
      | role   | <timeout>  |
      | <role> | <duration> |
    Then the chat timeouts are accepted

    Examples:
      | role     | timeout          | duration    |
      | customer | idle after       | 2 minutes   |
      | customer | disconnect after | 480 minutes |
      | agent    | idle after       | 480 minutes |
      | agent    | disconnect after | 2 minutes   |

  @critical
  Scenario Outline: A timeout of <duration> is refused
    When an attempt is made to set the chat timeouts to:
      | role   | <timeout>  |
      | <role> | <duration> |
    Then the chat timeouts are refused with "InvalidParameterException" saying "<reason>"

    Examples:
      | role     | timeout          | duration    | reason                                            |
      | customer | idle after       | 1 minute    | Member must have value greater than or equal to 2 |
      | agent    | disconnect after | 481 minutes | Member must have value less than or equal to 480  |

  Scenario Outline: The <role>'s <minutes>-minute idle timeout runs out exactly on time
    Given a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And the chat timeouts are set to:
      | role   | idle after (minutes) |
      | <role> | <minutes>            |
    And agent "Ana" is available
    When agent "Ana" accepts the chat
    And <just before> pass
    Then no one in the chat has received the "idle" event
    When 1 more second passes
    Then the customer receives the "idle" event for the <role>
    And agent "Ana" receives the "idle" event for the <role>

    Examples:
      | role     | minutes | just before   |
      | customer | 2       | 119 seconds   |
      | agent    | 480     | 28799 seconds |

  Scenario: A refused change leaves the timeouts as they were
    Given a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 2           | no                              |
    And an agent "Ana" with the routing profile "Support chat"
    And the chat timeouts are set to:
      | role     | idle after (minutes) |
      | customer | 3                    |
    When an attempt is made to set the chat timeouts to:
      | role     | idle after (minutes) | disconnect after (minutes) |
      | customer | 2                    | 481                        |
    Then the chat timeouts are refused with "InvalidParameterException" saying "Member must have value less than or equal to 480"
    When agent "Ana" is available
    And agent "Ana" accepts the chat
    And the customer stays silent for 2 minutes
    Then the customer has not received the "idle" event for the customer
    When the customer stays silent for 1 more minute
    Then the customer receives the "idle" event for the customer
