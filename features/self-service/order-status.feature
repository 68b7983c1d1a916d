Feature: Order status self-service over chat
  Customers who chat with us outside a conversation with an agent first meet OrderBot.
  The bot tells an order lookup from a request for an agent; the order-status-lookup
  Lambda answers with the order's status and delivery date, which are kept on the
  contact. When the lookup fails, the bot does not understand, or the customer asks for
  one, the chat goes to the Order support queue. Outside opening hours the chat says so
  and ends.

  Background:
    Given the flows in "features/self-service/flows" are published
    And a queue "Order support"
    And a routing profile "Order agents" for the queue "Order support" with:
      | channel | concurrency | other channels at the same time |
      | chat    | 3           | no                              |
    And the Lex bot recognises "Where is my order 12345?" as the intent "CheckOrderStatus" with the slots:
      | OrderNumber | 12345 |
    And the Lex bot recognises "Can I talk to a person?" as the intent "TalkToAgent"

  @critical
  Scenario: The bot looks up an order and keeps what it found on the contact
    Given the Lambda "order-status-lookup" returns:
      | status | shipped    |
      | eta    | 2026-11-24 |
    When a customer starts a chat on the flow "Order status chat"
    And the customer receives "What do you need?"
    And the customer sends "Where is my order 12345?"
    Then the customer receives "Order 12345 is shipped. Expected delivery: 2026-11-24."
    And the chat ends
    And the contact has ended
    And the contact has the attributes:
      | orderNumber  | 12345      |
      | orderStatus  | shipped    |
      | deliveryDate | 2026-11-24 |
    And the Lambda "order-status-lookup" was called with:
      | orderNumber | 12345 |
    And the customer's chat transcript is:
      | from     | message                                                                   |
      | flow     | Hi! I can check an order for you, or get you an agent. What do you need? |
      | customer | Where is my order 12345?                                                  |
      | flow     | Order 12345 is shipped. Expected delivery: 2026-11-24.                    |

  Scenario: What the lookup found is kept on the contact in the form the order system uses
    Given the Lambda "order-status-lookup" returns:
      | status | out for delivery |
      | eta    | 2026-11-24       |
    When a customer starts a chat on the flow "Order status chat"
    And the customer receives "What do you need?"
    And the customer sends "Where is my order 12345?"
    Then the contact attribute "orderStatus" contains "delivery"
    And the contact attribute "deliveryDate" matches "^\d{4}-\d{2}-\d{2}$"
    And the contact attribute "orderNumber" is not empty

  Scenario: A failed lookup hands the chat to an agent
    Given the Lambda "order-status-lookup" fails with "downstream timeout"
    And an agent "Ana" with the routing profile "Order agents"
    And agent "Ana" is available
    When a customer starts a chat on the flow "Order status chat"
    And the customer sends "Where is my order 12345?"
    Then the customer receives "I couldn't look up your order right now"
    When agent "Ana" accepts the chat
    And agent "Ana" sends "Hi, I'm Ana. Let me check order 12345 for you."
    Then the customer receives "Let me check order 12345"
    And the "customer chat" went through the block "Lookup failed"

  Scenario Outline: The chat goes to an agent when <why>
    Given an agent "Ana" with the routing profile "Order agents"
    And agent "Ana" is available
    When a customer starts a chat on the flow "Order status chat"
    And the customer sends "<message>"
    Then the customer receives a message matching "<answer>"
    When agent "Ana" accepts the chat
    Then the chat is still going

    Examples:
      | why                          | message                 | answer                               |
      | the customer asks for one    | Can I talk to a person? | ^Connecting you to an agent\.$       |
      | the bot does not understand  | My parcel is soaking    | ^Sorry, I didn't get that\.          |

  Scenario: An agent who rejects the chat leaves it for the next agent
    Given an agent "Ana" with the routing profile "Order agents"
    And an agent "Ben" with the routing profile "Order agents"
    And agent "Ana" is available
    When a customer starts a chat on the flow "Order status chat"
    And the customer sends "Can I talk to a person?"
    And agent "Ana" rejects the offered contact
    And agent "Ben" is available
    Then agent "Ben" accepts the chat
    And agent "Ana" is "Available"

  Scenario: Customers who write in German are greeted in German first
    When a customer starts a chat on the flow "Order status chat" with the attributes:
      | language | de |
    Then the customer receives "Hallo! Sie können uns auch auf Deutsch schreiben."
    And the customer receives "What do you need?"
    And the contact attribute "language" is "de"

  Scenario: Outside opening hours the chat says so and ends
    Given the hours of operation "Basic Hours" are closed
    When a customer starts a chat on the flow "Order status chat"
    Then the customer receives a message matching "^We're closed right now\."
    And the chat ends
    And the "customer chat" went through the block "Closed message"

  Scenario: When only the order queue is closed the chat says so and ends
    Given the hours of the queue "Order support" are closed
    When a customer starts a chat on the flow "Order status chat"
    Then the customer receives a message matching "^We're closed right now\."
    And the chat ends

  Scenario: When the queue is full the customer is asked to come back later
    Given the queue "Order support" is full
    When a customer starts a chat on the flow "Order status chat"
    And the customer receives "What do you need?"
    And the customer sends "Can I talk to a person?"
    Then the customer receives "All our agents are busy. Please try again in a few minutes."
    And the chat ends
