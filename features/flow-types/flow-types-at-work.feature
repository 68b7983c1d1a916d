Feature: Each flow type at work in the Support contact center
  The Support line uses one flow of each type (see flows/). The inbound flow greets by
  channel, sets the customer queue flow and both whisper flows, and queues the contact for
  Support. The customer queue flow plays Loop prompts to callers; Loop prompts works on
  voice only, so chats get a message instead. When an agent accepts, the agent whisper
  plays to the agent, then the customer whisper to the customer (not for tasks: nobody is
  there to hear it). Quick connects run the transfer to queue and transfer to agent flows.

  Background:
    Given the flows in "features/flow-types/flows" are published
    And a queue "Support"
    And a queue "Billing"
    And a routing profile "Support desk" for the queue "Support" with:
      | channel | concurrency | other channels at the same time |
      | voice   | 1           | no                              |
      | chat    | 1           | no                              |
      | tasks   | 1           | no                              |
    And an agent "Ana" with the routing profile "Support desk"

  @critical
  Scenario Outline: The inbound flow greets a <channel> contact and queues it for Support
    When a customer contacts the flow "Support inbound - main line" by <channel>
    Then the flow went through the block "<greeting>"
    And the flow went through the block "Transfer to Support"
    And the flow did not go through the block "Sorry we are busy"

    Examples:
      | channel | greeting                    |
      | voice   | Greet the caller            |
      | chat    | Greet the chat customer     |
      | task    | Set the customer queue flow |

  @critical
  Scenario: A caller in queue hears the customer queue flow's Loop prompts, with a reminder every minute
    When a customer contacts the flow "Support inbound - main line" by voice
    Then the caller hears "Thank you for waiting. Your call is important to us"
    When 59 seconds pass
    Then the caller does not hear "You are still in line"
    When 1 second passes
    Then the caller hears "You are still in line. Thank you for your patience."
    And the "call" took the branches:
      | block                        | branch                                |
      | Transfer to Support          | End: queued                           |
      | Play queue music             | Condition: Equals MessagesInterrupted |
      | Thank the caller for waiting | Success                               |
    When 60 seconds pass
    Then the "call" took the branches:
      | block                        | branch                                |
      | Play queue music             | Condition: Equals MessagesInterrupted |
      | Thank the caller for waiting | Success                               |
      | Play queue music             | Condition: Equals MessagesInterrupted |
      | Thank the caller for waiting | Success                               |
    And the "call" went through the block "Play queue music" of the flow "Support customer queue - music and patience"

  Scenario: Loop prompts plays on calls only: a chat in queue is told to stay instead
    When a customer contacts the flow "Support inbound - main line" by chat
    Then the customer receives "All our agents are busy. Please stay in the chat"
    And the "customer chat" took the branches:
      | block                         | branch                 |
      | Play queue music              | Error: NoMatchingError |
      | Ask the chat customer to stay | Success                |

  @critical
  Scenario Outline: The whisper flows play when an agent accepts a <channel> contact
    Given agent "Ana" is available
    When a customer contacts the flow "Support inbound - main line" by <channel>
    And agent "Ana" accepts the <contact>
    Then the flow went through the block "Announce the queue"
    And the flow <customer whisper> through the block "Tell the customer an agent is joining"

    Examples:
      | channel | contact | customer whisper |
      | voice   | call    | went             |
      | chat    | chat    | went             |
      | task    | task    | did not go       |

  Scenario: The chat customer is told that an agent is joining
    Given agent "Ana" is available
    When a customer contacts the flow "Support inbound - main line" by chat
    And agent "Ana" accepts the chat
    Then the customer whisper flow tells the customer "You are now being connected to a Support agent."

  @critical
  Scenario: A queue quick connect runs the transfer to queue flow
    Given agent "Ana" is available
    And a quick connect "Billing team" to the queue "Billing" through the flow "Support queue transfer - to another team"
    When a customer contacts the flow "Support inbound - main line" by voice
    And agent "Ana" accepts the call
    And agent "Ana" transfers the contact with the quick connect "Billing team"
    Then the "transferred contact" went through the block "Transfer to the quick connect queue"
    And agent "Ana" is in after-contact work

  Scenario: An agent quick connect runs the transfer to agent flow
    Given an agent "Ben" with the routing profile "Support desk"
    And a quick connect "Ben from Support" to agent "Ben" through the flow "Support agent transfer - warm handover"
    And agent "Ana" is available
    When a customer contacts the flow "Support inbound - main line" by voice
    And agent "Ana" accepts the call
    And agent "Ben" is available
    And agent "Ana" transfers the contact with the quick connect "Ben from Support"
    Then the "transferred contact" went through the block "Transfer to the colleague"
    When agent "Ben" accepts the call
    Then agent "Ana" is in after-contact work
